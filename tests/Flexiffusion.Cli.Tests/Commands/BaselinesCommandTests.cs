using System.Text;
using System.Text.Json;

namespace Flexiffusion.Cli.Tests.Commands;

public sealed class BaselinesCommandTests(BaselinesRunFixture run) : IClassFixture<BaselinesRunFixture>
{
    private static List<JsonElement> Rows(string dir) =>
        [.. File.ReadAllLines(Path.Combine(dir, "baselines.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private static JsonElement FrontJson(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "front.json"))).RootElement.Clone();

    private static string Key(JsonElement row) => row.GetProperty("name").GetString() + "|" + row.GetProperty("sampler").GetString();

    private static bool Dominates(JsonElement a, JsonElement b)
    {
        long ma = a.GetProperty("macs").GetInt64(), mb = b.GetProperty("macs").GetInt64();
        double ra = a.GetProperty("rfid").GetDouble(), rb = b.GetProperty("rfid").GetDouble();
        return ma <= mb && ra <= rb && (ma < mb || ra < rb);
    }

    [Fact]
    public void Baselines_TinyModel_WritesEveryScheduleUnderEverySamplerAndANonDominatedFront()
    {
        Assert.True(run.First.ExitCode == 0, run.First.Error);
        var rows = Rows(run.Out);
        var expected = BaselinesRunFixture.Names.SelectMany(n => BaselinesRunFixture.Samplers.Select(s => n + "|" + s)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, rows.Select(Key).Order(StringComparer.Ordinal));
        Assert.Contains("quadratic:10 runs the same plan as ddim:10", run.First.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run.Out, "front.md")));
        Assert.Contains("## Pareto front: rFID vs MACs", run.First.Output, StringComparison.Ordinal);

        var front = FrontJson(run.Out).GetProperty("rfid_front").EnumerateArray().ToList();
        Assert.NotEmpty(front);
        Assert.All(front, f => Assert.DoesNotContain(rows, r => Dominates(r, f)));
        var frontKeys = front.Select(Key).ToHashSet();
        Assert.All(rows.Where(r => !frontKeys.Contains(Key(r))), r => Assert.Contains(front, f => Dominates(f, r)));
        Assert.Equal(front.OrderBy(f => f.GetProperty("macs").GetInt64()).Select(Key), front.Select(Key));
        Assert.Equal(JsonValueKind.Null, FrontJson(run.Out).GetProperty("fid_front").ValueKind);
    }

    [Fact]
    public async Task Baselines_PlansFile_JudgesEachNamedScheduleUnderItsOwnSamplerLikeTheFamilyRun()
    {
        Assert.True(run.First.ExitCode == 0, run.First.Error);
        string dir = Path.Combine(run.Root, "plans");
        Directory.CreateDirectory(dir);
        string plans = Path.Combine(dir, "plans.txt");
        await File.WriteAllLinesAsync(plans,
        [
            "# name sampler schedule",
            "teacher ddim teacher",
            "",
            "fast plms ddim:3",
            "found plms 2: 0:3/5 F/5",
        ]);

        var (code, _, error) = await CliRunner.RunAsync(run.Args(Path.Combine(dir, "out"), "--plans", plans));

        Assert.True(code == 0, error);
        var rows = Rows(Path.Combine(dir, "out"));
        Assert.Equal(["teacher|ddim", "fast|plms", "found|plms"], rows.Select(Key));
        Assert.Equal(0.0, rows[0].GetProperty("rfid").GetDouble());
        Assert.Equal("2: 0:3 F", rows[2].GetProperty("candidate").GetString());
        // The same plan under the same sampler and noise scores exactly as in the family run.
        var family = Rows(run.Out).Single(r => Key(r) == "ddim:3|plms");
        Assert.Equal(family.GetProperty("rfid").GetDouble(), rows[1].GetProperty("rfid").GetDouble());
    }

    [Theory]
    [InlineData("x ddim", "line 1: expected NAME SAMPLER SCHEDULE")]
    [InlineData("x euler ddim:3", "line 1: unknown sampler 'euler'")]
    [InlineData("x ddim ddim:3\nx ddim ddim:2", "line 2: 'x' under ddim is listed twice")]
    [InlineData("x ddim fancy:3", "line 1: 'fancy:3' is neither candidate text")]
    [InlineData("x ddim ddim:11", "line 1: 'ddim:11'")]
    [InlineData("x ddim 2: 7:5x2", "line 1: uses a branch the model lacks")]
    public async Task Baselines_BadPlansFile_ExitsTwoNamingTheLine(string content, string message)
    {
        string dir = Path.Combine(run.Root, "bad-plans-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string plans = Path.Combine(dir, "plans.txt");
        await File.WriteAllTextAsync(plans, content.Replace("\\n", "\n", StringComparison.Ordinal));

        var (code, _, error) = await CliRunner.RunAsync(run.Args(Path.Combine(dir, "out"), "--plans", plans));

        Assert.Equal(2, code);
        Assert.Contains("flexiffusion: --plans: " + message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Baselines_DdimReference_AllFullDdimRowIsExactlyZeroAndPlmsIsNot()
    {
        Assert.True(run.First.ExitCode == 0, run.First.Error);
        var rows = Rows(run.Out);
        var full = rows.Where(r => r.GetProperty("name").GetString() == "ddim:10").ToDictionary(r => r.GetProperty("sampler").GetString()!);

        Assert.Equal(0.0, full["ddim"].GetProperty("rfid").GetDouble());
        Assert.True(full["plms"].GetProperty("rfid").GetDouble() > 0);
        Assert.Equal("Fx10", full["plms"].GetProperty("plan").GetString());
        Assert.Equal(1.0, full["ddim"].GetProperty("mac_speedup").GetDouble(), 12);
        Assert.All(rows, r => Assert.StartsWith("ddim(eta=0) with all 10 positions full", r.GetProperty("reference").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Baselines_Rerun_ReusesEveryRowAndGivesTheSameFront()
    {
        string dir = run.CopyOfFirst("rerun");
        string before = File.ReadAllText(Path.Combine(dir, "front.json"));

        var (code, output, error) = await CliRunner.RunAsync(run.Args(dir, "--json"));

        Assert.True(code == 0, error);
        Assert.Contains("16 reused", error, StringComparison.Ordinal);
        Assert.Contains("0 to evaluate", error, StringComparison.Ordinal);
        Assert.DoesNotContain("baselines [", error, StringComparison.Ordinal);
        Assert.Equal(16, Rows(dir).Count);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "front.json")));
        Assert.Equal(before.TrimEnd(), output.TrimEnd());
    }

    [Fact]
    public async Task Baselines_HalfWrittenLastLine_IsIgnoredAndThatRowEvaluatedAgain()
    {
        string dir = run.CopyOfFirst("truncated");
        string journal = Path.Combine(dir, "baselines.jsonl");
        string text = File.ReadAllText(journal);
        File.WriteAllText(journal, text[..^40]);

        var (code, _, error) = await CliRunner.RunAsync(run.Args(dir));

        Assert.True(code == 0, error);
        Assert.Contains("half-written last line", error, StringComparison.Ordinal);
        Assert.Contains("15 reused", error, StringComparison.Ordinal);
        Assert.Contains("baselines [1/1]", error, StringComparison.Ordinal);
        Assert.Equal(Rows(run.Out).Select(Key), Rows(dir).Select(Key));
        Assert.Equal(FrontJson(run.Out).GetProperty("rfid_front").EnumerateArray().Select(f => f.GetProperty("rfid").GetDouble()),
            FrontJson(dir).GetProperty("rfid_front").EnumerateArray().Select(f => f.GetProperty("rfid").GetDouble()));
    }

    [Fact]
    public async Task Baselines_CancelledAfterTwoRows_KeepsThemAndTheNextRunFinishes()
    {
        string dir = Path.Combine(run.Root, "cancelled");
        using var cancel = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new CancellingWriter("baselines [2/", cancel);

        int code = await Task.Run(() => CliApp.RunAsync(run.Args(dir), output, error, cancel.Token));

        Assert.Equal(130, code);
        Assert.Equal(2, Rows(dir).Count);
        var resumed = await CliRunner.RunAsync(run.Args(dir));
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("2 reused", resumed.Error, StringComparison.Ordinal);
        Assert.Equal(Rows(run.Out).Select(r => (Key(r), r.GetProperty("rfid").GetDouble())), Rows(dir).Select(r => (Key(r), r.GetProperty("rfid").GetDouble())));
    }

    [Theory]
    [InlineData("--samplers", "ddim,euler")]
    [InlineData("--families", "step-reduction,bogus")]
    [InlineData("--families", "none")]
    [InlineData("--k", "5-2")]
    [InlineData("--k", "0-3")]
    [InlineData("--k", "2-11")]
    [InlineData("--intervals", "1-3")]
    [InlineData("--branches", "0,9")]
    [InlineData("--images", "1")]
    [InlineData("--reference", "euler")]
    [InlineData("--sampler", "plms")]
    public async Task Baselines_BadOption_ExitsTwoNamingIt(string option, string value)
    {
        var (code, _, error) = await CliRunner.RunAsync(run.Args(Path.Combine(run.Root, "bad"), option, value));

        Assert.Equal(2, code);
        Assert.Contains($"flexiffusion: {option}: ", error, StringComparison.Ordinal);
    }

    /// <summary>Cancels when a line containing <c>trigger</c> is written: a deterministic Ctrl-C after that point.</summary>
    private sealed class CancellingWriter(string trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(trigger, StringComparison.Ordinal) == true)
                cancel.Cancel();
        }
    }
}
