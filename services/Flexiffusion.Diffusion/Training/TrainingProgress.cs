namespace Flexiffusion.Diffusion.Training;

/// <summary>Progress of a training run, reported after every step.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in total.</param>
/// <param name="Loss">This step's loss.</param>
/// <param name="SmoothedLoss">Exponential moving average of the loss (window ≈ 100 steps).</param>
/// <param name="LearningRate">This step's learning rate.</param>
/// <param name="Elapsed">Training time so far, over all resumed sessions.</param>
public readonly record struct TrainingProgress(int Step, int Steps, double Loss, double SmoothedLoss, double LearningRate, TimeSpan Elapsed);
