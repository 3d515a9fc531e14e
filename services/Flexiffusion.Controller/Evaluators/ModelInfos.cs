using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>Turns evaluators' GetInfo answers into model descriptions, checking that every evaluator serves the same ones.</summary>
internal static class ModelInfos
{
    /// <exception cref="InvalidOperationException">The evaluators serve different models or weights, or a cost table is invalid.</exception>
    public static IReadOnlyList<ModelDescription> Agree(IReadOnlyList<(string Address, EvaluatorInfo Info)> answers)
    {
        var (firstAddress, first) = answers[0];
        foreach (var (address, info) in answers.Skip(1))
        {
            string expected = Describe(first), actual = Describe(info);
            if (expected != actual)
            {
                throw new InvalidOperationException(
                    $"evaluators disagree on the models they serve: {firstAddress} serves {expected}; {address} serves {actual}. Every evaluator must load the same weights and feature network, on the same numerics class (device kind and CPU kernels: see docs/numerics.md)");
            }
        }
        return [.. first.Models.Select(m => ToDescription(firstAddress, m))];
    }

    /// <summary>A model's identity across evaluators: name, weights, feature network and numerics class.</summary>
    public static string Key(ModelDescription model) => Key(model.Name, model.Checksum, model.ExtractorChecksum, model.Numerics);

    /// <summary>The identities of the models an evaluator serves.</summary>
    public static HashSet<string> Keys(EvaluatorInfo info) =>
        info.Models.Select(m => Key(m.Name, m.Checksum, m.ExtractorChecksum, m.Numerics)).ToHashSet(StringComparer.Ordinal);

    private static string Key(string name, string checksum, string extractor, string numerics) => $"{name}|{checksum}|{extractor}|{numerics}";

    private static string Describe(EvaluatorInfo info) => info.Models.Count == 0
        ? "no model"
        : string.Join(", ", info.Models.Select(m => $"{m.Name} (weights {m.Checksum}, extractor {m.ExtractorChecksum}, numerics {m.Numerics})"));

    private static ModelDescription ToDescription(string address, ModelInfo model)
    {
        var costs = model.Costs ?? throw new InvalidOperationException($"evaluator {address} reports no cost table for model '{model.Name}'");
        try
        {
            var table = new CostTable(costs.FullMacs, costs.PartialMacs,
                costs.HasFullLatencyMs ? costs.FullLatencyMs : null,
                costs.HasFullLatencyMs && costs.PartialLatencyMs.Count > 0 ? costs.PartialLatencyMs : null);
            return new ModelDescription(model.Name, model.Config, model.Checksum, model.ExtractorChecksum, table, model.Numerics);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"evaluator {address} reports a bad cost table for model '{model.Name}': {e.Message}", e);
        }
    }
}
