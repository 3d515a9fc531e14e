using Flexiffusion.Scoring.Internal;
using Flexiffusion.Scoring.Models;
using Flexiffusion.Search;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Scoring.Embedded;

/// <summary>
/// The embedded <see cref="IEvaluationBackend"/>: candidates are scored in this process by a
/// <see cref="CandidateScorer"/> over its <see cref="ModelCatalog"/>, one by one.
/// </summary>
public sealed class InProcessEvaluationBackend : IEvaluationBackend
{
    private readonly CandidateScorer _scorer;

    /// <summary>Creates the backend over a scorer.</summary>
    /// <param name="scorer">The scorer (and through it the catalog).</param>
    /// <param name="evaluatorId">The id reported with each result. Default <c>in-process</c>.</param>
    public InProcessEvaluationBackend(CandidateScorer scorer, string evaluatorId = "in-process")
    {
        _scorer = scorer ?? throw new ArgumentNullException(nameof(scorer));
        ArgumentException.ThrowIfNullOrWhiteSpace(evaluatorId);
        EvaluatorId = evaluatorId;
    }

    /// <summary>The id reported with each result.</summary>
    public string EvaluatorId { get; }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ModelDescription>> ModelsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(_scorer.Catalog.Descriptions);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">
    /// The settings are invalid, name another model than <paramref name="model"/>, or <paramref name="model"/>
    /// is not served here (unknown name, or other weights or extractor than the catalog's).
    /// </exception>
    public IFitnessEvaluator CreateEvaluator(EvaluationSettings settings, ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(model);
        if (settings.Model.Length > 0 && settings.Model != model.Name)
            throw new FieldException("settings.model", $"names '{settings.Model}' but the evaluator is asked for model '{model.Name}'");
        var served = _scorer.Catalog.Resolve(model.Name);
        if (served.Checksum != model.Checksum || served.Extractor.Checksum != model.ExtractorChecksum)
            throw new FieldException("model", $"'{model.Name}' is served with weights {served.Checksum} and extractor {served.Extractor.Checksum}, not {model.Checksum} and {model.ExtractorChecksum}");
        var bound = settings with { Model = model.Name };
        ResolvedSettings.From(bound);
        return new InProcessFitnessEvaluator(_scorer, bound, EvaluatorId);
    }
}
