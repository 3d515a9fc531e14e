using System.Text.Json;

namespace Flexiffusion.Cli.Tests.Commands;

public class MacsCommandTests
{
    [Fact]
    public async Task Macs_DdpmCifar10_PrintsFullEveryBranchAndParameters()
    {
        var (code, output, _) = await CliRunner.RunAsync("macs", "--config", "ddpm-cifar10");

        Assert.Equal(0, code);
        Assert.Contains("full step   6.0540 GMACs", output, StringComparison.Ordinal);
        Assert.Contains("35,746,307", output, StringComparison.Ordinal);
        for (int b = 0; b < 12; b++)
            Assert.Matches($@"(?m)^\s+{b}\s+\d+\.\d{{4}}", output);
    }

    [Fact]
    public async Task Macs_Json_IsMachineReadable()
    {
        var (code, output, _) = await CliRunner.RunAsync("macs", "--config", "mnist", "--json", "--plan", "deepcache:5:2");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        long full = root.GetProperty("fullMacs").GetInt64();
        var branches = root.GetProperty("branches").EnumerateArray().ToList();
        Assert.Equal(9, branches.Count);
        Assert.All(branches, b => Assert.True(b.GetProperty("partialMacs").GetInt64() < full));
        var plan = root.GetProperty("plan");
        Assert.Equal(100, plan.GetProperty("nfe").GetInt32());
        Assert.InRange(plan.GetProperty("speedup").GetDouble(), 1.5, 5);
    }

    [Fact]
    public async Task Macs_CandidateTextAsPlan_CostsTheSameAsItsStepPlan()
    {
        var (code, candidate, _) = await CliRunner.RunAsync("macs", "--config", "mnist", "--json", "--plan", "20: 2:5x20");
        var (_, plan, _) = await CliRunner.RunAsync("macs", "--config", "mnist", "--json", "--plan", "(F P2x4)x20");

        Assert.Equal(0, code);
        Assert.Equal(plan, candidate);
    }

    [Theory]
    [InlineData("--plan", "20: 2:5")]
    [InlineData("--config", "nope")]
    [InlineData("--config", "{\"resolution\": 31}")]
    [InlineData("--plan", "F Q")]
    [InlineData("--plan", "deepcache:5:40")]
    [InlineData("--bogus")]
    public async Task Macs_BadInput_ExitsTwoWithOneLine(params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(["macs", .. args]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("flexiffusion: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
