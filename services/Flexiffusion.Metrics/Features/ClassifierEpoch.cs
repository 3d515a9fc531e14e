namespace Flexiffusion.Metrics.Features;

/// <summary>The outcome of one training epoch, reported by <see cref="ClassifierTrainer"/>.</summary>
/// <param name="Epoch">Epochs done (1-based).</param>
/// <param name="Epochs">Epochs in total.</param>
/// <param name="TrainLoss">Mean cross-entropy over this epoch's training batches (dropout and shifts on).</param>
/// <param name="HeldOutAccuracy">Fraction of held-out images classified correctly after this epoch, in [0, 1].</param>
/// <param name="Elapsed">Training time so far, evaluation included.</param>
public readonly record struct ClassifierEpoch(int Epoch, int Epochs, double TrainLoss, double HeldOutAccuracy, TimeSpan Elapsed);
