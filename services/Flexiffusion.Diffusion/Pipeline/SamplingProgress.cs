namespace Flexiffusion.Diffusion.Pipeline;

/// <summary>Progress of a generation, reported after every position of every batch.</summary>
/// <param name="ImagesDone">Images finished before the current batch.</param>
/// <param name="Images">Images requested.</param>
/// <param name="BatchImages">Images in the current batch.</param>
/// <param name="Position">Positions of the plan done in the current batch (skipped nulls count as done).</param>
/// <param name="Positions">Positions in the plan.</param>
public readonly record struct SamplingProgress(int ImagesDone, int Images, int BatchImages, int Position, int Positions)
{
    /// <summary>Overall fraction done in [0, 1].</summary>
    public double Fraction => (ImagesDone + BatchImages * (double)Position / Positions) / Images;
}
