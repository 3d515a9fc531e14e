namespace Flexiffusion.Search.Evaluation;

/// <summary>
/// Where the finalists of a search are scored again: an evaluator bound to other settings than the search's
/// (more images, a fresh noise seed), with its own cache, so that the answer does not overfit the search's noise.
/// </summary>
/// <param name="Evaluator">Scores candidates under the confirmation settings.</param>
/// <param name="Cache">Remembers those scores (bound to the confirmation identity), optional.</param>
/// <param name="Description">What the confirmation settings are, for reports (e.g. <c>512 images, noise seed 1</c>).</param>
/// <param name="Bootstrap">
/// Paired bootstrap replicates the evaluator returns with each score (its settings' <see cref="EvaluationSettings.Bootstrap"/>);
/// a cached score without them is evaluated again. 0: compare the point scores only.
/// </param>
public sealed record FinalistScoring(IFitnessEvaluator Evaluator, ICandidateCache? Cache, string Description, int Bootstrap = 0);
