using System.Globalization;
using Flexiffusion.Search;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Orchestration.Specs;

/// <summary>
/// How a search's finalists are scored again before the answer is chosen (proto <c>confirmation</c>): on more
/// images and a noise bank the search never saw, so the answer does not overfit the search's own noise.
/// </summary>
public sealed record ConfirmationSettings
{
    /// <summary>Finalists confirmed by default with the single objective (the CLI's and the API's default; the engine's is 0).</summary>
    public const int DefaultFinalists = 4;

    /// <summary>Paired bootstrap replicates per confirmation score by default.</summary>
    public const int DefaultBootstrap = 200;

    /// <summary>Images per confirmation score; 0 means twice the search's images.</summary>
    public int Images { get; init; }

    /// <summary>Seed of the confirmation noise bank; null means the search's noise seed + 1.</summary>
    public long? NoiseSeed { get; init; }

    /// <summary>
    /// Paired bootstrap replicates of each confirmation score (default <see cref="DefaultBootstrap"/>): a searched schedule
    /// replaces the best baseline only when it wins in 95% of them. 0 compares the point scores alone.
    /// </summary>
    public int Bootstrap { get; init; } = DefaultBootstrap;

    /// <summary>The evaluation settings the finalists are scored under: the search's, with the confirmation's images, noise and replicates.</summary>
    public EvaluationSettings For(EvaluationSettings search)
    {
        ArgumentNullException.ThrowIfNull(search);
        return search with
        {
            Images = Images == 0 ? 2 * search.Images : Images,
            NoiseSeed = NoiseSeed ?? search.NoiseSeed + 1,
            Bootstrap = Bootstrap,
        };
    }

    /// <summary>A short description for reports: <c>128 images, noise seed 1, 200 paired bootstrap replicates</c>.</summary>
    public string Describe(EvaluationSettings search)
    {
        var settings = For(search);
        return string.Create(CultureInfo.InvariantCulture, $"{settings.Images} images, noise seed {settings.NoiseSeed}")
            + (Bootstrap > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Bootstrap} paired bootstrap replicates") : "");
    }

    /// <summary>Checks the values and names the first bad one by its contract field path.</summary>
    /// <exception cref="FieldException">A value is invalid.</exception>
    public void Validate()
    {
        if (Images is 1 or < 0)
            throw new FieldException("confirmation.images", $"must be 0 (twice the search's images) or ≥ 2 (got {Images})");
        if (Bootstrap < 0 || Bootstrap > EvaluationSettings.MaxBootstrap)
            throw new FieldException("confirmation.bootstrap", $"must be between 0 and {EvaluationSettings.MaxBootstrap} (got {Bootstrap})");
    }
}
