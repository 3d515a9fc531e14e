namespace Flexiffusion.Search.Evaluation;

/// <summary>What makes two served models interchangeable: the same name, weights, feature network and numerics class.</summary>
/// <param name="Name">The name requests use.</param>
/// <param name="Checksum">Identity of the weights.</param>
/// <param name="ExtractorChecksum">Identity of the feature network.</param>
/// <param name="Numerics">The numerics class of the device that samples.</param>
public sealed record ModelKey(string Name, string Checksum, string ExtractorChecksum, string Numerics)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name} (weights {Checksum}, extractor {ExtractorChecksum}, numerics {Numerics})";
}
