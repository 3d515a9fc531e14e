using Flexiffusion.Search.Costs;

namespace Flexiffusion.Search.Evaluation;

/// <summary>A model an evaluator serves: its name, checksums and per-step costs.</summary>
/// <param name="Name">The name requests use.</param>
/// <param name="Config">The U-Net configuration's name.</param>
/// <param name="Checksum">Identity of the weights (e.g. sha256:…).</param>
/// <param name="ExtractorChecksum">Identity of the feature network used for rFID.</param>
/// <param name="Costs">Per-image MACs (and latencies when measured) of each step kind.</param>
/// <param name="Numerics">The evaluator's numerics class (device kind and CPU kernel families, e.g.
/// <c>cpu(onednn=avx2,aten=avx512)</c>): scores from different classes can differ in the last bits.</param>
public sealed record ModelDescription(string Name, string Config, string Checksum, string ExtractorChecksum, CostTable Costs, string Numerics = "")
{
    /// <summary>Number of cache branches (0..BranchCount−1).</summary>
    public int BranchCount => Costs.BranchCount;

    /// <summary>What an evaluator must serve to score for this model.</summary>
    public ModelKey Key => new(Name, Checksum, ExtractorChecksum, Numerics);
}
