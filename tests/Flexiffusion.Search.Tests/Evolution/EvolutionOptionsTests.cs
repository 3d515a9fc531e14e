using Flexiffusion.Search.Evolution;
using Flexiffusion.Search.Tests.TestSupport;

namespace Flexiffusion.Search.Tests.Evolution;

public sealed class EvolutionOptionsTests
{
    private static EvolutionOptions With(string option, double value) => option switch
    {
        nameof(EvolutionOptions.PopulationSize) => new EvolutionOptions { PopulationSize = (int)value },
        nameof(EvolutionOptions.ParentCount) => new EvolutionOptions { ParentCount = (int)value },
        nameof(EvolutionOptions.MutationChildren) => new EvolutionOptions { MutationChildren = (int)value },
        nameof(EvolutionOptions.CrossoverChildren) => new EvolutionOptions { CrossoverChildren = (int)value },
        nameof(EvolutionOptions.MutationProbability) => new EvolutionOptions { MutationProbability = value },
        nameof(EvolutionOptions.RetileProbability) => new EvolutionOptions { RetileProbability = value },
        nameof(EvolutionOptions.Generations) => new EvolutionOptions { Generations = (int)value },
        nameof(EvolutionOptions.AttemptsPerChild) => new EvolutionOptions { AttemptsPerChild = (int)value },
        nameof(EvolutionOptions.Objective) => new EvolutionOptions { Objective = (SearchObjective)(int)value },
        nameof(EvolutionOptions.Seeding) => new EvolutionOptions { Seeding = (ScheduleSeeding)(int)value },
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "unknown option"),
    };

    [Fact]
    public void Constructor_Defaults_FollowAutoDiffusion()
    {
        var options = new EvolutionOptions();

        Assert.Equal(50, options.PopulationSize);
        Assert.Equal(10, options.ParentCount);
        Assert.Equal(25, options.MutationChildren);
        Assert.Equal(25, options.CrossoverChildren);
        Assert.Equal(0.1, options.MutationProbability);
        Assert.Equal(0.1, options.RetileProbability);
        Assert.Equal(10, options.Generations);
        Assert.Equal(SearchObjective.Single, options.Objective);
        Assert.Equal(ScheduleSeeding.None, options.Seeding);
        Assert.Equal(50, options.AttemptsPerChild);
    }

    [Fact]
    public void Validate_Defaults_DoesNotThrow()
    {
        var options = new EvolutionOptions();

        var error = Record.Exception(options.Validate);

        Assert.Null(error);
    }

    [Theory]
    [InlineData(nameof(EvolutionOptions.PopulationSize), 0d)]
    [InlineData(nameof(EvolutionOptions.PopulationSize), -5d)]
    [InlineData(nameof(EvolutionOptions.ParentCount), 0d)]
    [InlineData(nameof(EvolutionOptions.ParentCount), -1d)]
    [InlineData(nameof(EvolutionOptions.MutationChildren), -1d)]
    [InlineData(nameof(EvolutionOptions.CrossoverChildren), -1d)]
    [InlineData(nameof(EvolutionOptions.Generations), 0d)]
    [InlineData(nameof(EvolutionOptions.Generations), -3d)]
    [InlineData(nameof(EvolutionOptions.AttemptsPerChild), 0d)]
    [InlineData(nameof(EvolutionOptions.AttemptsPerChild), -1d)]
    [InlineData(nameof(EvolutionOptions.MutationProbability), -0.01)]
    [InlineData(nameof(EvolutionOptions.MutationProbability), 1.01)]
    [InlineData(nameof(EvolutionOptions.MutationProbability), double.NaN)]
    [InlineData(nameof(EvolutionOptions.MutationProbability), double.PositiveInfinity)]
    [InlineData(nameof(EvolutionOptions.RetileProbability), -0.01)]
    [InlineData(nameof(EvolutionOptions.RetileProbability), 1.01)]
    [InlineData(nameof(EvolutionOptions.RetileProbability), double.NaN)]
    [InlineData(nameof(EvolutionOptions.RetileProbability), double.NegativeInfinity)]
    [InlineData(nameof(EvolutionOptions.Objective), 2d)]
    [InlineData(nameof(EvolutionOptions.Objective), -1d)]
    [InlineData(nameof(EvolutionOptions.Seeding), 16d)]
    [InlineData(nameof(EvolutionOptions.Seeding), 17d)]
    [InlineData(nameof(EvolutionOptions.Seeding), -1d)]
    public void Validate_InvalidValue_NamesThatOption(string option, double value)
    {
        var options = With(option, value);

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(Fields.Of(option), error.ParamName);
        Assert.StartsWith(Fields.Of(option) + ":", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(EvolutionOptions.PopulationSize), 1d)]
    [InlineData(nameof(EvolutionOptions.ParentCount), 1d)]
    [InlineData(nameof(EvolutionOptions.MutationChildren), 0d)]
    [InlineData(nameof(EvolutionOptions.CrossoverChildren), 0d)]
    [InlineData(nameof(EvolutionOptions.Generations), 1d)]
    [InlineData(nameof(EvolutionOptions.AttemptsPerChild), 1d)]
    [InlineData(nameof(EvolutionOptions.MutationProbability), 0d)]
    [InlineData(nameof(EvolutionOptions.MutationProbability), 1d)]
    [InlineData(nameof(EvolutionOptions.RetileProbability), 0d)]
    [InlineData(nameof(EvolutionOptions.RetileProbability), 1d)]
    [InlineData(nameof(EvolutionOptions.Objective), 1d)]
    [InlineData(nameof(EvolutionOptions.Seeding), 7d)]
    [InlineData(nameof(EvolutionOptions.Seeding), 5d)]
    [InlineData(nameof(EvolutionOptions.Seeding), 15d)]
    public void Validate_BoundaryValue_IsAccepted(string option, double value)
    {
        var options = With(option, value);

        var error = Record.Exception(options.Validate);

        Assert.Null(error);
    }

    [Fact]
    public void Validate_NoChildrenWithSeveralGenerations_NamesMutationChildren()
    {
        var options = new EvolutionOptions { MutationChildren = 0, CrossoverChildren = 0, Generations = 2 };

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal("evolution.mutation_children", error.ParamName);
        Assert.Contains("evolution.crossover_children", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoChildrenWithOneGeneration_IsAccepted()
    {
        var options = new EvolutionOptions { MutationChildren = 0, CrossoverChildren = 0, Generations = 1 };

        var error = Record.Exception(options.Validate);

        Assert.Null(error);
    }

    [Fact]
    public void Validate_TwoBadValues_NamesTheFirstInDeclarationOrder()
    {
        var options = new EvolutionOptions { PopulationSize = 0, RetileProbability = 2 };

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal("evolution.population_size", error.ParamName);
    }
}
