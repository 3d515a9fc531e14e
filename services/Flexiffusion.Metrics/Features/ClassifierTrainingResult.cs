namespace Flexiffusion.Metrics.Features;

/// <summary>What a finished <see cref="ClassifierTrainer"/> run measured.</summary>
/// <param name="HeldOutAccuracy">Final fraction of held-out images classified correctly, in [0, 1].</param>
/// <param name="History">Every epoch's loss and accuracy, in order.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record ClassifierTrainingResult(double HeldOutAccuracy, IReadOnlyList<ClassifierEpoch> History, TimeSpan Elapsed);
