using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;
using ProtoCosts = Flexiffusion.Contracts.Common.V1.CostTable;

namespace Flexiffusion.Contracts.Mapping;

/// <summary>Served models between the wire (<c>ModelInfo</c>, <c>CostTable</c>) and the domain (<see cref="ModelDescription"/>).</summary>
public static class ModelMapping
{
    /// <summary>A served model on the wire.</summary>
    public static ModelInfo ToProto(ModelDescription model, int inChannels, int resolution)
    {
        ArgumentNullException.ThrowIfNull(model);
        var costs = new ProtoCosts { FullMacs = model.Costs.FullMacs };
        costs.PartialMacs.AddRange(model.Costs.PartialMacs);
        if (model.Costs is { FullLatencyMs: { } fullMs, PartialLatencyMs: { } partialMs })
        {
            costs.FullLatencyMs = fullMs;
            costs.PartialLatencyMs.AddRange(partialMs);
        }
        return new ModelInfo
        {
            Name = model.Name,
            Config = model.Config,
            Checksum = model.Checksum,
            ExtractorChecksum = model.ExtractorChecksum,
            BranchCount = model.BranchCount,
            Costs = costs,
            InChannels = inChannels,
            Resolution = resolution,
            Numerics = model.Numerics,
        };
    }

    /// <summary>What an evaluator must serve to score for the model described by <paramref name="model"/>.</summary>
    public static ModelKey Key(ModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelKey(model.Name, model.Checksum, model.ExtractorChecksum, model.Numerics);
    }

    /// <summary>A served model from the wire.</summary>
    /// <exception cref="ArgumentException">The cost table is missing or invalid.</exception>
    public static ModelDescription ToDescription(ModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var costs = model.Costs ?? throw new ArgumentException($"no cost table for model '{model.Name}'", nameof(model));
        var table = new CostTable(costs.FullMacs, costs.PartialMacs,
            costs.HasFullLatencyMs ? costs.FullLatencyMs : null,
            costs.HasFullLatencyMs && costs.PartialLatencyMs.Count > 0 ? costs.PartialLatencyMs : null);
        return new ModelDescription(model.Name, model.Config, model.Checksum, model.ExtractorChecksum, table, model.Numerics);
    }
}
