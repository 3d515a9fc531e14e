using System.Text.Json;

namespace Flexiffusion.Cli.Tests.Commands;

public sealed class SearchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flexiffusion-search-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A small search on the tiny model; options in <paramref name="extra"/> replace the defaults of the same name.</summary>
    private string[] Tiny(params string[] extra)
    {
        var defaults = new List<string>
        {
            "--config", CliRunner.Tiny32Config, "--steps", "8", "--images", "6", "--batch-size", "6",
            "--features", Path.Combine(RepositoryRoot.Path, "models", "mnist-features", "classifier.bin"),
            "--cache-dir", Path.Combine(_dir, "cache"), "--generations", "3", "--population", "6", "--parents", "3",
            "--mutations", "3", "--crossovers", "2", "--speedup", "2",
        };
        for (int i = 0; i < extra.Length; i++)
        {
            int at = defaults.IndexOf(extra[i]);
            if (at >= 0 && extra[i].StartsWith("--", StringComparison.Ordinal))
                defaults.RemoveRange(at, 2);
        }
        return ["search", "--random-weights", .. defaults, .. extra];
    }

    /// <summary>The arguments without the default <c>--speedup</c> budget, for tests that give another budget.</summary>
    private static string[] WithoutSpeedup(string[] args)
    {
        var list = args.ToList();
        int at = list.IndexOf("--speedup");
        list.RemoveRange(at, 2);
        return [.. list];
    }

    private static JsonElement Parse(string output)
    {
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task Search_EmbeddedTinyModel_FindsCandidateUnderBudgetWithFront()
    {
        var (code, output, error) = await CliRunner.RunAsync(Tiny("--json"));

        Assert.True(code == 0, error);
        var result = Parse(output);
        var best = result.GetProperty("best");
        Assert.True(best.GetProperty("macSpeedup").GetDouble() >= 2 - 1e-9);
        Assert.True(best.GetProperty("rfid").GetDouble() >= 0);
        Assert.Equal(3, result.GetProperty("generations").GetInt32());
        Assert.Equal(6 + 5 + 5, result.GetProperty("scored").GetInt32());
        var front = result.GetProperty("front").EnumerateArray().ToList();
        Assert.Contains(front, f => f.GetProperty("candidate").GetString() == best.GetProperty("candidate").GetString());
        Assert.Equal(front.OrderBy(f => f.GetProperty("macs").GetDouble()).Select(f => f.GetProperty("candidate").GetString()),
            front.Select(f => f.GetProperty("candidate").GetString()));
    }

    [Fact]
    public async Task Search_ShippedModelFewImages_AnswerIsNeverWorseThanTheBestBaselineOnFreshNoiseAndStatesTheMargin()
    {
        // The shipped MNIST DDPM, a 20-step teacher, at least 3x fewer MACs: DDIM-6 is the best k-step schedule that fits.
        string[] args =
        [
            "search", "--steps", "20", "--images", "8", "--batch-size", "8", "--speedup", "3", "--generations", "2", "--population", "6",
            "--parents", "3", "--mutations", "3", "--crossovers", "2", "--finalists", "2", "--confirm-images", "12", "--json",
            "--cache-dir", Path.Combine(_dir, "cache"),
            "--weights", Path.Combine(RepositoryRoot.Path, "models", "mnist-ddpm", "ema.bin"),
            "--features", Path.Combine(RepositoryRoot.Path, "models", "mnist-features", "classifier.bin"),
        ];

        var (code, output, error) = await CliRunner.RunAsync(args);

        Assert.True(code == 0, error);
        var result = Parse(output);
        var confirmation = result.GetProperty("confirmation");
        Assert.Equal("12 images, noise seed 1, 200 paired bootstrap replicates", confirmation.GetProperty("settings").GetString());
        var finalists = confirmation.GetProperty("finalists").EnumerateArray().ToList();
        var baselines = finalists.Where(f => f.GetProperty("baseline").ValueKind == JsonValueKind.String).ToList();
        Assert.Contains(baselines, f => f.GetProperty("baseline").GetString() == "ddim:6");
        string answerText = result.GetProperty("answer").GetProperty("candidate").GetString()!;
        var answerFinalist = Assert.Single(finalists, f => f.GetProperty("candidate").GetProperty("candidate").GetString() == answerText);
        double answer = answerFinalist.GetProperty("confirmedRfid").GetDouble();
        double bestBaseline = baselines.Min(f => f.GetProperty("confirmedRfid").GetDouble());
        Assert.True(answer <= bestBaseline, $"answer {answer} vs best baseline {bestBaseline}");
        Assert.Equal(bestBaseline - answer, confirmation.GetProperty("margin").GetDouble(), 12);
        // A searched answer must have won the paired bootstrap test; otherwise the best baseline is the answer.
        if (answerFinalist.GetProperty("baseline").ValueKind == JsonValueKind.String)
            Assert.Equal(bestBaseline, answer);
        else
        {
            Assert.Equal(answerText, confirmation.GetProperty("challenger").GetString());
            Assert.True(confirmation.GetProperty("winRate").GetDouble() >= 0.95);
            Assert.True(confirmation.GetProperty("marginHigh").GetDouble() > 0);
        }
        Assert.True(result.GetProperty("answer").GetProperty("macSpeedup").GetDouble() >= 3 - 1e-9);
        // On the search's own noise the best is never worse than any baseline it scored either.
        var baseline = result.GetProperty("baseline");
        Assert.True(baseline.GetProperty("margin").GetDouble() >= 0);
        Assert.Equal(baseline.GetProperty("baseline").GetProperty("rfid").GetDouble() - result.GetProperty("best").GetProperty("rfid").GetDouble(),
            baseline.GetProperty("margin").GetDouble(), 12);
    }

    [Fact]
    public async Task Search_MillisecondBudget_MeasuresStepLatenciesAndKeepsTheAnswerInsideTheBudget()
    {
        // Generous: half the teacher's measured time is far above anything this tiny model needs, so the budget is met
        // whatever this machine's speed, and the search must still report only candidates inside it.
        var (code, output, error) = await CliRunner.RunAsync(WithoutSpeedup(Tiny("--json", "--max-ms", "1000", "--finalists", "0")));

        Assert.True(code == 0, error);
        var result = Parse(output);
        Assert.Equal(6 + 5 + 5, result.GetProperty("scored").GetInt32());
    }

    [Theory]
    [InlineData("--max-gmacs", "1", "--budget-metric", "latency", "--max-gmacs: a latency budget is given in milliseconds")]
    [InlineData("--max-ms", "5", "--budget-metric", "macs", "--max-ms: a millisecond budget needs --budget-metric latency")]
    [InlineData("--max-ms", "-5", "--budget-metric", "latency", "--max-ms: ")]
    public async Task Search_ContradictoryBudget_ExitsTwoNamingTheOption(string option, string value, string option2, string value2, string message)
    {
        var (code, _, error) = await CliRunner.RunAsync(WithoutSpeedup(Tiny(option, value, option2, value2)));

        Assert.Equal(2, code);
        Assert.StartsWith("flexiffusion: " + message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_SameSeedTwice_GivesTheSameResult()
    {
        var first = await CliRunner.RunAsync(Tiny("--json", "--search-seed", "5"));
        var second = await CliRunner.RunAsync(Tiny("--json", "--search-seed", "5"));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Output, second.Output);
    }

    [Fact]
    public async Task Search_WithState_SecondRunReturnsTheStoredResultWithoutEvaluating()
    {
        string state = Path.Combine(_dir, "state");
        var first = await CliRunner.RunAsync(Tiny("--json", "--state", state));
        var second = await CliRunner.RunAsync(Tiny("--json", "--state", state));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Single(Directory.GetFiles(state, "*.search.json"));
        Assert.Equal(Parse(first.Output).GetProperty("best").GetRawText(), Parse(second.Output).GetProperty("best").GetRawText());
    }

    [Fact]
    public async Task Search_StateOnAFullDisk_WarnsThatItIsNotSavedAndStillPrintsTheResult()
    {
        string state = Directory.CreateDirectory(Path.Combine(_dir, "state")).FullName;
        // Every write of the state fails as on a full disk: ENOSPC from /dev/full.
        File.CreateSymbolicLink(Path.Combine(state, "search.search.json.tmp"), "/dev/full");

        var (code, output, error) = await CliRunner.RunAsync(Tiny("--json", "--state", state));

        Assert.Equal(0, code);
        Assert.True(Parse(output).TryGetProperty("best", out _));
        Assert.Contains($"flexiffusion: warning: cannot save the search's state in '{state}' (No space left on device", error, StringComparison.Ordinal);
        Assert.Contains("flexiffusion: warning: the search's final state was not saved", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(state, "*.search.json"));
    }

    [Fact]
    public async Task Search_StateOfOtherSettings_ExitsTwo()
    {
        string state = Path.Combine(_dir, "state");
        Assert.Equal(0, (await CliRunner.RunAsync(Tiny("--json", "--state", state))).ExitCode);

        var (code, _, error) = await CliRunner.RunAsync(Tiny("--json", "--state", state, "--search-seed", "9"));

        Assert.Equal(2, code);
        Assert.StartsWith("flexiffusion: --state: search 'search'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--population", "0", "--population: must be ≥ 1")]
    [InlineData("--segments", "9", "--segments: 9 is outside 1..8")]
    [InlineData("--finalists", "-1", "--finalists: must be ≥ 0")]
    [InlineData("--confirm-images", "1", "--confirm-images: must be 0")]
    [InlineData("--confirm-bootstrap", "5000", "--confirm-bootstrap: must be between 0 and 1000")]
    [InlineData("--reference", "euler", "--reference: unknown sampler 'euler'")]
    [InlineData("--objective", "best", "--objective: 'best' is not single or pareto")]
    [InlineData("--seeding", "random", "--seeding: 'random' is not")]
    [InlineData("--speedup", "500", "--speedup: no candidate of the space fits")]
    [InlineData("--sampler", "euler", "--sampler: unknown sampler 'euler'")]
    [InlineData("--controller", "localhost:5100", "--controller: 'localhost:5100' is not an http")]
    public async Task Search_BadInput_ExitsTwoNamingTheOption(string option, string value, string message)
    {
        var (code, output, error) = await CliRunner.RunAsync(Tiny(option, value));

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("flexiffusion: " + message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Search_ControllerNotListening_ExitsOneSayingSo()
    {
        var (code, _, error) = await CliRunner.RunAsync(Tiny("--controller", "http://127.0.0.1:1"));

        Assert.Equal(1, code);
        Assert.Contains("cannot reach the controller at http://127.0.0.1:1", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--token-file", "/nonexistent/token", "--token-file: no such file '/nonexistent/token'")]
    [InlineData("--ca-cert", "/nonexistent/ca.pem", "--ca-cert: cannot read a PEM certificate from '/nonexistent/ca.pem'")]
    [InlineData("--client-cert", "/nonexistent/client.pem", "--client-cert: no such file '/nonexistent/client.pem'")]
    public async Task Search_RemoteCredentialFileMissing_ExitsTwoNamingTheOption(string option, string value, string message)
    {
        var (code, _, error) = await CliRunner.RunAsync([.. Tiny("--controller", "http://127.0.0.1:1"), option, value]);

        Assert.Equal(2, code);
        Assert.StartsWith("flexiffusion: " + message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
