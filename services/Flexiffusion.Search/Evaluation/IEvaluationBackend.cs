namespace Flexiffusion.Search.Evaluation;

/// <summary>
/// Where candidates get scored: in this process (the embedded default) or by a pool of evaluator
/// services. A search asks it which models exist, then for a fitness evaluator bound to settings.
/// </summary>
public interface IEvaluationBackend
{
    /// <summary>The models that can be evaluated, with checksums and cost tables.</summary>
    ValueTask<IReadOnlyList<ModelDescription>> ModelsAsync(CancellationToken cancellationToken);

    /// <summary>A fitness evaluator that scores candidates (rFID) under <paramref name="settings"/> on <paramref name="model"/>.</summary>
    IFitnessEvaluator CreateEvaluator(EvaluationSettings settings, ModelDescription model);
}
