using Flexiffusion.Search.Costs;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>The model every synthetic test evaluator serves (its scores are <see cref="Flexiffusion.Testing.SyntheticFitness"/>).</summary>
public static class Scores
{
    public const string ModelName = "synthetic";

    public static CostTable Costs { get; } = new(10, [1, 2, 4, 7]);

}
