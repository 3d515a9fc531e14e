using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Flexiffusion.Identity;

/// <summary>
/// Everything a candidate's score depends on besides the candidate: the model, the sampler, the teacher's steps and
/// spacing, the noise bank and batch size, the feature extractor, the null semantics, the numerics class and the
/// teacher's reference sampler. Every cache key derives from <see cref="Canonical"/> (through <see cref="Hash"/>), so a
/// changed setting can never hit a stale entry. The search controller and the evaluator build it from the same settings
/// and the same model description, so their keys agree by construction.
/// </summary>
/// <param name="ModelChecksum">Identity of the model weights (e.g. sha256:…).</param>
/// <param name="Sampler">The candidates' sampler with its parameters (<see cref="SamplerText"/>, e.g. <c>ddim(eta=0)</c>).</param>
/// <param name="TeacherSteps">Positions of the teacher schedule.</param>
/// <param name="Spacing">Teacher timestep spacing.</param>
/// <param name="Schedule">Training noise schedule.</param>
/// <param name="NoiseSeed">Seed of the noise bank.</param>
/// <param name="Images">Images per evaluation (the noise bank's size).</param>
/// <param name="BatchSize">Images per forward pass: float results can differ in the last bits between batch sizes.</param>
/// <param name="ExtractorChecksum">Identity of the feature extractor.</param>
/// <param name="Nulls">Null-step semantics.</param>
/// <param name="Numerics">The numerics class of the device that samples: results from different classes can differ in
/// the last bits, so they never share a cache entry.</param>
/// <param name="Reference">The teacher's sampler (<see cref="SamplerText"/>) when it differs from the candidates'; empty
/// when the teacher runs the candidates' own sampler (the paper's teacher).</param>
public sealed record EvaluationIdentity(
    string ModelChecksum,
    string Sampler,
    int TeacherSteps,
    string Spacing,
    string Schedule,
    long NoiseSeed,
    int Images,
    int BatchSize,
    string ExtractorChecksum,
    string Nulls,
    string Numerics,
    string Reference = "")
{
    /// <summary>The sampler component: its name, with η for DDIM (<c>ddim(eta=0)</c>, <c>plms</c>, …).</summary>
    /// <param name="name">The sampler's name (ddim, ddpm, plms, dpm-solver++).</param>
    /// <param name="eta">DDIM's η; ignored by the other samplers.</param>
    public static string SamplerText(string name, double eta)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name == "ddim" ? string.Create(CultureInfo.InvariantCulture, $"ddim(eta={eta:R})") : name;
    }

    /// <summary>A canonical, order-fixed text of every component (<c>;reference=…</c> only when the teacher's sampler differs).</summary>
    public string Canonical => string.Create(CultureInfo.InvariantCulture,
        $"model={ModelChecksum};sampler={Sampler};steps={TeacherSteps};spacing={Spacing};schedule={Schedule};seed={NoiseSeed};images={Images};batch={BatchSize};extractor={ExtractorChecksum};nulls={Nulls};numerics={Numerics}")
        + (Reference.Length > 0 ? ";reference=" + Reference : "");

    /// <summary>SHA-256 of <see cref="Canonical"/> in lower-case hex: the short form every key uses.</summary>
    public string Hash => HashOf(Canonical);

    /// <summary>SHA-256 of a canonical text in lower-case hex.</summary>
    internal static string HashOf(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    /// <inheritdoc/>
    public override string ToString() => Canonical;
}
