using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Flexiffusion.Cli.Tests.Commands;

public class SpaceCommandTests
{
    [Fact]
    public async Task Space_MnistDefaults_PrintsExactSizesAndEveryDivisor()
    {
        var (code, output, _) = await CliRunner.RunAsync("space", "--equal");

        Assert.Equal(0, code);
        // Σ over divisors n of 100 of (1 + 9·(100/n − 1))^n, and 11^99 for the step-wise space.
        var expected = new[] { 1, 2, 4, 5, 10, 20, 25, 50, 100 }
            .Aggregate(BigInteger.Zero, (sum, n) => sum + BigInteger.Pow(1 + 9 * (100 / n - 1), n));
        Assert.Contains("segment-wise  " + expected.ToString(CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
        Assert.Contains("step-wise     " + BigInteger.Pow(11, 99).ToString(CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+20\s+5\s+37\s", output);
    }

    [Fact]
    public async Task Space_Json_ReportsCountsAndSpeedupRanges()
    {
        var (code, output, _) = await CliRunner.RunAsync("space", "--config", "ddpm-cifar10", "--segments", "10,20", "--branches", "0-2", "--equal", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(12, root.GetProperty("modelBranches").GetInt32());
        var counts = root.GetProperty("perCount").EnumerateArray().ToList();
        Assert.Equal(2, counts.Count);
        var twenty = counts[1];
        Assert.Equal(20, twenty.GetProperty("segments").GetInt32());
        Assert.Equal(1 + 3 * 4, twenty.GetProperty("genes").GetInt32());
        Assert.Equal(BigInteger.Pow(13, 20).ToString(CultureInfo.InvariantCulture), twenty.GetProperty("candidates").GetString());
        Assert.Equal(5.0, twenty.GetProperty("maxSpeedup").GetDouble(), 6);
        // Dearest at 20 segments: DeepCache 1:5 at branch 2 of the CIFAR-10 U-Net, about 2.02x (6.054 / 3.002 GMACs per step).
        Assert.InRange(twenty.GetProperty("minSpeedup").GetDouble(), 2.0, 2.03);
        var total = BigInteger.Parse(root.GetProperty("size").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(BigInteger.Pow(1 + 3 * 9, 10) + BigInteger.Pow(13, 20), total);
    }

    [Fact]
    public async Task Space_Equal_RefusesACountThatDoesNotDivideAndContradictingUnequal()
    {
        var (code, _, error) = await CliRunner.RunAsync("space", "--equal", "--segments", "3");
        var (both, _, bothError) = await CliRunner.RunAsync("space", "--equal", "--unequal");
        var (unequal, _, _) = await CliRunner.RunAsync("space", "--segments", "3");

        Assert.Equal(2, code);
        Assert.Contains("--segments: 3 does not divide", error, StringComparison.Ordinal);
        Assert.Equal(2, both);
        Assert.Contains("--equal: cannot be combined with --unequal", bothError, StringComparison.Ordinal);
        Assert.Equal(0, unequal);
    }

    [Fact]
    public async Task Space_Unequal_CountsEveryTiling()
    {
        // T=6, branch 0 only, segments of 1..3: by hand, genes per length are 1, 2, 3 (interval 1, or 2..L at branch 0).
        // 2 segments: (3,3) → 9; 3 segments: (1,2,3)-permutations 6·(1·2·3)=36, (2,2,2) → 8; total 53.
        var (code, output, _) = await CliRunner.RunAsync("space", "--steps", "6", "--branches", "0", "--segments", "2,3", "--unequal", "--max-length", "3", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("53", json.RootElement.GetProperty("size").GetString());
    }

    [Theory]
    [InlineData("--segments", "101", "--segments: 101 is outside 1..100")]
    [InlineData("--segments", "a", "--segments: 'a' is not a number")]
    [InlineData("--branches", "0-12", "--branches: branch 9 does not exist")]
    [InlineData("--branches", "3-1", "--branches: '3-1' is not an increasing range")]
    [InlineData("--min-interval", "0", "--min-interval: must be ≥ 1")]
    [InlineData("--steps", "0", "--steps: must be ≥ 1")]
    public async Task Space_BadInput_ExitsTwoNamingTheOption(string option, string value, string message)
    {
        var (code, output, error) = await CliRunner.RunAsync("space", option, value);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("flexiffusion: " + message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
