using System.Globalization;
using Flexiffusion.Diffusion.Samplers;

namespace Flexiffusion.Metrics.Evaluation;

/// <summary>
/// Everything an evaluation's result depends on besides the plan: the model, the sampler, the
/// teacher's steps and spacing, the noise bank, the feature extractor, the null semantics and the numerics class. Every
/// cache key derives from <see cref="Canonical"/>, so a changed setting can never hit a stale entry.
/// </summary>
/// <param name="ModelChecksum">Identity of the model weights (e.g. sha256:…).</param>
/// <param name="Sampler">Sampler name with its parameters (e.g. ddim(eta=0)).</param>
/// <param name="TeacherSteps">Positions of the teacher schedule.</param>
/// <param name="Spacing">Teacher timestep spacing.</param>
/// <param name="Schedule">Training noise schedule.</param>
/// <param name="NoiseSeed">Seed of the noise bank.</param>
/// <param name="Images">Images per evaluation (the noise bank's size).</param>
/// <param name="ExtractorChecksum">Identity of the feature extractor.</param>
/// <param name="Nulls">Null-step semantics.</param>
/// <param name="Numerics">The numerics class of the device that samples (<c>NumericsPolicy.Describe</c>): results from
/// different classes can differ in the last bits, so they never share a cache entry.</param>
public sealed record EvaluationIdentity(
    string ModelChecksum,
    string Sampler,
    int TeacherSteps,
    string Spacing,
    string Schedule,
    long NoiseSeed,
    int Images,
    string ExtractorChecksum,
    string Nulls,
    string Numerics)
{
    /// <summary>The sampler component: its name, with η for DDIM (<c>ddim(eta=0)</c>, <c>plms</c>, …).</summary>
    public static string SamplerOf(ISampler sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return sampler is DdimSampler ddim ? string.Create(CultureInfo.InvariantCulture, $"ddim(eta={ddim.Eta:R})") : sampler.Name;
    }

    /// <summary>A canonical, order-fixed text of every component.</summary>
    public string Canonical => string.Create(CultureInfo.InvariantCulture,
        $"model={ModelChecksum};sampler={Sampler};steps={TeacherSteps};spacing={Spacing};schedule={Schedule};seed={NoiseSeed};images={Images};extractor={ExtractorChecksum};nulls={Nulls};numerics={Numerics}");
}
