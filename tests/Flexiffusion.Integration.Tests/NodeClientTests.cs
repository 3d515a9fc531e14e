using System.Diagnostics;
using System.Text.Json;
using Flexiffusion.Integration.Tests.TestSupport;
using Flexiffusion.Testing;

namespace Flexiffusion.Integration.Tests;

/// <summary>A client written in another language drives the controller: clients/node/search.js with @grpc/grpc-js.</summary>
public sealed class NodeClientTests
{
    private static readonly string ClientDirectory = Path.Combine(RepositoryPaths.Root, "clients", "node");

    [SkippableFact]
    public async Task NodeClient_StartsAndWatchesASearchToTheEnd()
    {
        Skip.IfNot(Directory.Exists(Path.Combine(ClientDirectory, "node_modules", "@grpc", "grpc-js")),
            "clients/node has no node_modules (run npm ci there; .ci/run does)");
        string? node = FindNode();
        Skip.If(node is null, "node is not installed");
        await using var cluster = await Cluster.StartAsync(evaluators: 1, redis: null);
        string address = new Uri(cluster.ControllerAddress).Authority;

        var (code, output, error) = await RunAsync(node!, "search.js", "--controller", address, "--steps", "8", "--images", "6", "--batch-size", "6",
            "--generations", "2", "--population", "5", "--parents", "3", "--mutations", "3", "--crossovers", "2", "--speedup", "2", "--search-id", "from-node");

        Assert.True(code == 0, $"exit {code}: {error}\n{output}");
        var lines = output.TrimEnd().Split('\n');
        Assert.StartsWith("started from-node", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("generation 0 finished", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("generation 1 finished", StringComparison.Ordinal));
        using var result = JsonDocument.Parse(lines[^1]);
        Assert.Equal("from-node", result.RootElement.GetProperty("searchId").GetString());
        Assert.Equal(2, result.RootElement.GetProperty("generations").GetInt32());
        Assert.True(result.RootElement.GetProperty("best").GetProperty("macSpeedup").GetDouble() >= 2 - 1e-9);
    }

    [SkippableFact]
    public async Task NodeClient_TlsControllerWithToken_SendsTheTokenFromTheEnvironmentAndIsRefusedWithoutIt()
    {
        Skip.IfNot(Directory.Exists(Path.Combine(ClientDirectory, "node_modules", "@grpc", "grpc-js")), "clients/node has no node_modules");
        string? node = FindNode();
        Skip.If(node is null, "node is not installed");
        using var certs = new TestCertificates();
        const string Token = "node-client-token-0123456789";
        await using var cluster = await Cluster.StartAsync(evaluators: 1, redis: null, new ClusterSecurity(Token, "node-evaluator-token-0123456789", certs));
        string[] search = ["search.js", "--controller", new Uri(cluster.ControllerAddress).Authority, "--ca-cert", certs.CaFile, "--steps", "8", "--images", "6",
            "--batch-size", "6", "--generations", "1", "--population", "4", "--parents", "2", "--mutations", "2", "--crossovers", "2", "--speedup", "2"];

        var (code, output, error) = await RunAsync(node!, new Dictionary<string, string> { ["FLEXIFFUSION_TOKEN"] = Token }, [.. search, "--search-id", "node-tls"]);
        var (refusedCode, _, refusedError) = await RunAsync(node!, [.. search, "--search-id", "node-anonymous"]);

        Assert.True(code == 0, $"exit {code}: {error}\n{output}");
        Assert.StartsWith("started node-tls", output, StringComparison.Ordinal);
        Assert.Equal(2, refusedCode);
        Assert.Contains("missing or invalid bearer token", refusedError, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task NodeClient_BadRequest_ExitsTwoWithTheFieldNamed()
    {
        Skip.IfNot(Directory.Exists(Path.Combine(ClientDirectory, "node_modules", "@grpc", "grpc-js")), "clients/node has no node_modules");
        string? node = FindNode();
        Skip.If(node is null, "node is not installed");
        await using var cluster = await Cluster.StartAsync(evaluators: 1, redis: null);

        var (code, _, error) = await RunAsync(node!, "search.js", "--controller", new Uri(cluster.ControllerAddress).Authority, "--segments", "3");

        Assert.Equal(2, code);
        Assert.Contains("space.segment_counts", error, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Output, string Error)> RunAsync(string node, params string[] args) =>
        RunAsync(node, new Dictionary<string, string>(), args);

    private static async Task<(int Code, string Output, string Error)> RunAsync(string node, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(node) { WorkingDirectory = ClientDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("FLEXIFFUSION_TOKEN");
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static string? FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);
}
