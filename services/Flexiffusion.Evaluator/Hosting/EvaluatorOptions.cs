using Flexiffusion.Scoring.Models;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Evaluator.Hosting;

/// <summary>What an evaluator serves and how much work it accepts. Section <c>Evaluator</c>.</summary>
public sealed class EvaluatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Evaluator";

    /// <summary>This evaluator's id in results and logs. Default: machine name and process id.</summary>
    public string Id { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Candidates a caller may have outstanding on one <c>Evaluate</c> stream (sent, not yet answered). Default 2.</summary>
    public int Capacity { get; set; } = 2;

    /// <summary>The models to serve, the first being the default; none configured means the shipped <c>mnist</c> model (<see cref="DefaultModel"/>).</summary>
    public IList<ServedModelOptions> Models { get; } = [];

    /// <summary>Settings whose teacher features are computed (or found in the cache) before the evaluator reports SERVING.</summary>
    public IList<EvaluationSettings> WarmTeachers { get; } = [];

    /// <summary>The most images one request may ask for (memory grows with it). Default 10,000.</summary>
    public int MaxImages { get; set; } = 10_000;

    /// <summary>How long a replica's teacher lock lives without renewal (it is renewed while held). Default 30 s.</summary>
    public TimeSpan TeacherLockTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The models actually served: <see cref="Models"/>, or the shipped default when it is empty.</summary>
    public IReadOnlyList<ServedModelOptions> EffectiveModels => Models.Count > 0 ? [.. Models] : [DefaultModel()];

    /// <summary>The shipped MNIST DDPM and feature network, paths relative to the content root (the repository root).</summary>
    public static ServedModelOptions DefaultModel() => new()
    {
        Name = "mnist",
        Config = "mnist",
        Weights = "models/mnist-ddpm/ema.bin",
        Features = "models/mnist-features/classifier.bin",
    };
}
