using Flexiffusion.Search.Evaluation;
using Proto = Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>Evaluation settings as evaluators receive them: every field explicit, the model named.</summary>
internal static class ProtoSettings
{
    public static Proto.EvaluationSettings From(EvaluationSettings settings, ModelDescription model) => new()
    {
        Model = model.Name,
        Sampler = settings.Sampler,
        Reference = settings.Reference,
        Eta = settings.Eta,
        TeacherSteps = settings.TeacherSteps,
        Spacing = settings.Spacing,
        Schedule = settings.Schedule,
        Nulls = settings.Nulls,
        NoiseSeed = settings.NoiseSeed,
        Images = settings.Images,
        BatchSize = settings.BatchSize,
        Bootstrap = settings.Bootstrap,
    };
}
