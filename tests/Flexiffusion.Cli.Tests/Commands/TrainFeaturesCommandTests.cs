namespace Flexiffusion.Cli.Tests.Commands;

public class TrainFeaturesCommandTests
{
    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--epochs", "many")]
    [InlineData("--out", "Flexiffusion.Cli.Tests.dll")]
    [InlineData("--out", " ")]
    [InlineData("--bogus")]
    public async Task TrainFeatures_BadOption_ExitsTwoWithOneLineNamingIt(params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(["train", "features", .. args]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("flexiffusion: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(args[0], error, StringComparison.Ordinal);
    }
}
