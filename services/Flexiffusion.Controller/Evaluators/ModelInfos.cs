using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Controller.Evaluators;

/// <summary>Turns evaluators' GetEvaluatorInfo answers into model descriptions, checking that every evaluator serves the same ones.</summary>
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

    private static string Describe(EvaluatorInfo info) => info.Models.Count == 0 ? "no model" : string.Join(", ", info.Models.Select(ModelMapping.Key));

    private static ModelDescription ToDescription(string address, ModelInfo model)
    {
        try
        {
            return ModelMapping.ToDescription(model);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"evaluator {address} reports a bad cost table for model '{model.Name}': {e.Message}", e);
        }
    }
}
