using Flexiffusion.Diffusion.Pipeline;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Scoring.Internal;

/// <summary><see cref="EvaluationSettings"/> turned into the diffusion engine's types, validated.</summary>
internal sealed record ResolvedSettings(NoiseSchedule Schedule, int[] Timesteps, SamplerKind Sampler, double Eta, NullSemantics Nulls, SamplerKind? Reference = null)
{
    /// <summary>Validates and resolves; errors name the field as <c>settings.&lt;proto field&gt;</c> (<see cref="Search.FieldException"/>).</summary>
    public static ResolvedSettings From(EvaluationSettings settings)
    {
        settings.Validate("settings");
        var schedule = NoiseSchedule.Create(Enum.Parse<BetaSchedule>(settings.Schedule, ignoreCase: true));
        var spacing = Enum.Parse<TimestepSpacing>(settings.Spacing, ignoreCase: true);
        // Validate() bounds the steps by the 1000-step schedules; quadratic spacing bumps repeats, so every count fits.
        int[] timesteps = TeacherTimesteps.Create(spacing, settings.TeacherSteps, schedule.TrainSteps);
        var nulls = Enum.Parse<NullSemantics>(settings.Nulls, ignoreCase: true);
        SamplerKind? reference = settings.HasOwnReference ? SamplerFactory.Parse(settings.Reference) : null;
        return new ResolvedSettings(schedule, timesteps, SamplerFactory.Parse(settings.Sampler), settings.Eta, nulls, reference);
    }

    /// <summary>A fresh sampler (samplers are cheap and a pipeline owns its own).</summary>
    public ISampler CreateSampler() => SamplerFactory.Create(Sampler, Eta);

    /// <summary>A fresh sampler for the teacher when it differs from the candidates' (<see cref="EvaluationSettings.Reference"/>), else null.</summary>
    public ISampler? CreateReferenceSampler() => Reference is { } kind ? SamplerFactory.Create(kind, Eta) : null;

}
