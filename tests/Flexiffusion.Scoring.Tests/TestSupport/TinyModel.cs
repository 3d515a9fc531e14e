using Flexiffusion.Scoring.Models;
using Flexiffusion.Scoring.Teachers;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Testing;

namespace Flexiffusion.Scoring.Tests.TestSupport;

/// <summary>A tiny random-weights 1×32×32 U-Net with the shipped feature network, and small settings, so scoring takes a fraction of a second.</summary>
internal static class TinyModel
{
    public const string Config = TinyModels.Config32;

    public static ServedModelOptions Options(string name = "tiny", long initSeed = 3) => new()
    {
        Name = name,
        Config = Config,
        RandomWeights = true,
        InitSeed = initSeed,
        Features = RepositoryPaths.FeatureNetwork,
        MeasureLatency = false,
    };

    public static EvaluationSettings Settings(int teacherSteps = 10, int images = 8) => new()
    {
        TeacherSteps = teacherSteps,
        Images = images,
        BatchSize = 8,
        NoiseSeed = 11,
    };

    public static ModelCatalog Catalog(params ServedModelOptions[] models) =>
        ModelCatalog.Load(models.Length == 0 ? [Options()] : models, RepositoryPaths.Root);

    public static CandidateScorer Scorer(ModelCatalog catalog, IBlobCache? cache = null, ITeacherLock? teacherLock = null, IScoringObserver? observer = null) =>
        new(catalog, cache ?? new MemoryBlobCache(), teacherLock ?? new InProcessTeacherLock(), observer);
}
