using System.Globalization;
using System.Text.Json.Serialization;
using Flexiffusion.Identity;

namespace Flexiffusion.Search.Evaluation;

/// <summary>
/// How candidates are scored: which served model, which sampler and teacher schedule, which noise
/// bank and how many images. Together with the model's and the extractor's checksums
/// (<see cref="ModelDescription"/>) they make the evaluation identity every cache key derives from.
/// </summary>
public sealed record EvaluationSettings
{
    /// <summary>The most bootstrap replicates an evaluation returns.</summary>
    public const int MaxBootstrap = 1000;

    /// <summary>Samplers an evaluator knows.</summary>
    public static IReadOnlyList<string> Samplers { get; } = ["ddim", "ddpm", "plms", "dpm-solver++"];

    /// <summary>The served model's name; empty means the evaluator's first model.</summary>
    public string Model { get; init; } = "";

    /// <summary>Sampler name. Default ddim.</summary>
    public string Sampler { get; init; } = "ddim";

    /// <summary>
    /// Sampler of the teacher every candidate is scored against (all positions full, DDIM with <see cref="Eta"/>); empty means
    /// the candidate's own sampler — the paper's teacher. Set it to compare schedules of several samplers against one fixed
    /// reference (e.g. <c>ddim</c> while searching under <c>plms</c>).
    /// </summary>
    public string Reference { get; init; } = "";

    /// <summary>DDIM η in [0, 1]. Default 0 (deterministic).</summary>
    public double Eta { get; init; }

    /// <summary>Positions of the teacher schedule. Default 100.</summary>
    public int TeacherSteps { get; init; } = 100;

    /// <summary>Teacher timestep spacing: uniform or quadratic. Default uniform.</summary>
    public string Spacing { get; init; } = "uniform";

    /// <summary>Training noise schedule: linear or cosine. Default linear.</summary>
    public string Schedule { get; init; } = "linear";

    /// <summary>Null-step semantics: skip or reuse. Default skip.</summary>
    public string Nulls { get; init; } = "skip";

    /// <summary>Seed of the noise bank shared by teacher and candidate. Default 0.</summary>
    public long NoiseSeed { get; init; }

    /// <summary>Images per evaluation. Default 256.</summary>
    public int Images { get; init; } = 256;

    /// <summary>Images per forward pass. Default 64. Part of the identity: float results can differ in the last bits between batch sizes.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Paired bootstrap replicates of each rFID to return (0 = none, at most 1000). The image resamples depend only on
    /// the noise seed and the image count, so replicate r of two candidates under the same settings is paired, and their
    /// differences tell whether one is better beyond the luck of the images drawn. Not part of the identity: it adds an
    /// output, it does not change the score.
    /// </summary>
    public int Bootstrap { get; init; }

    /// <summary>Checks every value and names the first bad one (field paths as in the gRPC contract).</summary>
    /// <param name="prefix">Where the settings sit in the request: <c>evaluation</c> in a search spec, <c>settings</c> in an evaluator request.</param>
    /// <exception cref="FieldException">A value is invalid; the field is named, e.g. <c>evaluation.images</c>.</exception>
    public void Validate(string prefix = "evaluation")
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!Samplers.Contains(Sampler))
            throw Invalid(prefix, "sampler", $"unknown sampler '{Sampler}' (expected {string.Join(", ", Samplers)})");
        if (Reference.Length > 0 && !Samplers.Contains(Reference))
            throw Invalid(prefix, "reference", $"unknown sampler '{Reference}' (expected empty for the sampler itself, or {string.Join(", ", Samplers)})");
        if (!(Eta >= 0 && Eta <= 1))
            throw Invalid(prefix, "eta", $"must be between 0 and 1 (got {Eta.ToString(CultureInfo.InvariantCulture)})");
        if (TeacherSteps < 1 || TeacherSteps > 1000)
            throw Invalid(prefix, "teacher_steps", $"must be between 1 and 1000 (got {TeacherSteps})");
        if (Spacing is not ("uniform" or "quadratic"))
            throw Invalid(prefix, "spacing", $"must be uniform or quadratic (got '{Spacing}')");
        if (Schedule is not ("linear" or "cosine"))
            throw Invalid(prefix, "schedule", $"must be linear or cosine (got '{Schedule}')");
        if (Nulls is not ("skip" or "reuse"))
            throw Invalid(prefix, "nulls", $"must be skip or reuse (got '{Nulls}')");
        if (Images < 2)
            throw Invalid(prefix, "images", $"must be ≥ 2 (got {Images})");
        if (BatchSize < 1)
            throw Invalid(prefix, "batch_size", $"must be ≥ 1 (got {BatchSize})");
        if (Bootstrap < 0 || Bootstrap > MaxBootstrap)
            throw Invalid(prefix, "bootstrap", $"must be between 0 and {MaxBootstrap} (got {Bootstrap})");
    }

    /// <summary>
    /// The evaluation identity of these settings on <paramref name="model"/>: every component a score depends on. The
    /// controller's candidate cache and the evaluator's teacher cache both key on it.
    /// </summary>
    public EvaluationIdentity Identity(ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new EvaluationIdentity(model.Checksum, EvaluationIdentity.SamplerText(Sampler, Eta), TeacherSteps, Spacing, Schedule, NoiseSeed,
            Images, BatchSize, model.ExtractorChecksum, Nulls, model.Numerics, HasOwnReference ? EvaluationIdentity.SamplerText(Reference, Eta) : "");
    }

    /// <summary>Whether the teacher runs another sampler than the candidates (<see cref="Reference"/> set and different).</summary>
    [JsonIgnore]
    public bool HasOwnReference => Reference.Length > 0 && Reference != Sampler;

    private static FieldException Invalid(string prefix, string field, string why) => new($"{prefix}.{field}", why);
}
