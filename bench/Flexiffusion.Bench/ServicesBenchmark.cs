using System.Diagnostics;
using System.Text;
using Flexiffusion.Controller.Hosting;
using Flexiffusion.Scoring.Embedded;
using Flexiffusion.Scoring.Models;
using Flexiffusion.Scoring;
using Flexiffusion.Scoring.Teachers;
using Flexiffusion.Evaluator;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Orchestration.Caching;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Space;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Flexiffusion.Bench;

/// <summary>
/// The distributed path's cost per candidate: the same candidates scored (a) in process, as the
/// embedded search does, and (b) through the controller's evaluator pool over gRPC to an evaluator
/// service, with the candidate cache in Redis — both on this machine, so the difference is the
/// path (serialisation, HTTP/2, dispatch, Redis), not the hardware.
/// </summary>
public static class ServicesBenchmark
{
    private const string Weights = "models/mnist-ddpm/ema.bin", Features = "models/mnist-features/classifier.bin";

    public static void Run(StringBuilder report, bool quick)
    {
        RunAsync(report, quick).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(StringBuilder report, bool quick)
    {
        var settings = new EvaluationSettings { Model = "mnist", TeacherSteps = 100, Images = quick ? 32 : 128, BatchSize = quick ? 32 : 64, NoiseSeed = 1 };
        string[] texts = ["20: 2:5x20", "10: 3:10x10", "25: 0:4x25", "20: Fx20", "50: 4:2x50", "10: 1:6x10", "5: 2:20x5", "20: 6:5x20"];
        var candidates = texts.Select(t => Candidate.Parse(t, 100)).ToList();
        var served = new ServedModelOptions { Name = "mnist", Config = "mnist", Weights = Weights, Features = Features };
        using var redis = RedisProcess.TryStart();

        // (a) embedded: the in-process backend, an in-memory candidate cache.
        using var catalog = ModelCatalog.Load([served]);
        using var scorer = new CandidateScorer(catalog, new MemoryBlobCache(), new InProcessTeacherLock());
        var embedded = new InProcessEvaluationBackend(scorer);
        var model = catalog.Descriptions[0];
        await scorer.WarmTeacherAsync(settings);

        // (b) distributed: an evaluator service and the controller's pool and Redis candidate cache.
        await using var evaluator = EvaluatorHost.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoints:GrpcPort"] = "0",
            ["Evaluator:Id"] = "bench-evaluator",
            ["Evaluator:Models:0:Name"] = "mnist",
            ["Evaluator:Models:0:Config"] = "mnist",
            ["Evaluator:Models:0:Weights"] = Path.GetFullPath(Weights),
            ["Evaluator:Models:0:Features"] = Path.GetFullPath(Features),
            ["Redis:Configuration"] = redis?.Configuration ?? "",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await evaluator.StartAsync();
        string evaluatorAddress = Address(evaluator);
        await using var controller = ControllerHost.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoints:GrpcPort"] = "0",
            ["Controller:Evaluators:0"] = evaluatorAddress,
            ["Redis:Configuration"] = redis?.Configuration ?? "",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await controller.StartAsync();
        var pool = controller.Services.GetRequiredService<IEvaluationBackend>();
        var caches = controller.Services.GetRequiredService<ICandidateCacheProvider>();
        var remoteModel = await WaitForModelAsync(pool);
        await WarmRemoteTeacherAsync(pool, settings, remoteModel);

        var rows = new List<(string Path, int Round, double Seconds, double ScoredSeconds)>();
        int rounds = quick ? 1 : 2;
        for (int round = 1; round <= rounds; round++)
        {
            var local = await TimeAsync(embedded.CreateEvaluator(settings, model), new InMemoryCandidateCache(), candidates);
            rows.Add(("embedded (in process, in-memory cache)", round, local.Total, local.Scored));
            var identity = settings.Identity(remoteModel) with { Numerics = $"{remoteModel.Numerics};bench-round={round}" };
            var remote = await TimeAsync(pool.CreateEvaluator(settings, remoteModel), caches.For(identity), candidates);
            rows.Add((redis is null ? "distributed (gRPC, in-memory cache: no redis-server)" : "distributed (gRPC + Redis cache)", round, remote.Total, remote.Scored));
        }

        report.AppendLine("## Distributed path overhead per candidate (same machine, same candidates)");
        report.AppendLine();
        report.AppendLine($"Model `mnist` (shipped weights), 100-step DDIM teacher, {settings.Images} images per candidate (batch {settings.BatchSize}), {candidates.Count} candidates: {string.Join(", ", texts.Select(t => $"`{t}`"))}. Teacher features computed beforehand on both paths.");
        report.AppendLine();
        report.AppendLine("| path | round | wall s (all candidates) | s per candidate | evaluator-measured s per candidate |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var (path, round, seconds, scored) in rows)
            report.AppendLine($"| {path} | {round} | {BenchApp.F(seconds, "F2")} | {BenchApp.F(seconds / candidates.Count, "F3")} | {BenchApp.F(scored / candidates.Count, "F3")} |");
        double embeddedTotal = rows.Where(r => r.Path.StartsWith("embedded", StringComparison.Ordinal)).Sum(r => r.Seconds);
        double distributedTotal = rows.Where(r => r.Path.StartsWith("distributed", StringComparison.Ordinal)).Sum(r => r.Seconds);
        double distributedScored = rows.Where(r => r.Path.StartsWith("distributed", StringComparison.Ordinal)).Sum(r => r.ScoredSeconds);
        int n = candidates.Count * rounds;
        report.AppendLine();
        report.AppendLine($"- end to end: distributed {BenchApp.F(100 * (distributedTotal - embeddedTotal) / embeddedTotal, "F2")}% vs embedded ({BenchApp.F(1000 * (distributedTotal - embeddedTotal) / n, "F1")} ms per candidate; this includes run-to-run noise of the sampling itself)");
        report.AppendLine($"- path only: distributed wall time minus the evaluator's own measured evaluation time = {BenchApp.F(1000 * (distributedTotal - distributedScored) / n, "F1")} ms per candidate = {BenchApp.F(100 * (distributedTotal - distributedScored) / distributedScored, "F2")}% of evaluation time (goal ≤ 2%)");
        report.AppendLine();
        await controller.StopAsync();
        await evaluator.StopAsync();
    }

    private static async Task<(double Total, double Scored)> TimeAsync(IFitnessEvaluator evaluator, ICandidateCache cache, IReadOnlyList<Candidate> candidates)
    {
        var clock = Stopwatch.StartNew();
        var known = await cache.GetManyAsync(candidates, CancellationToken.None);
        if (known.Count != 0)
            throw new InvalidOperationException("the benchmark's candidate cache should be empty");
        double scored = 0;
        int results = 0;
        await foreach (var result in evaluator.EvaluateAsync(candidates, CancellationToken.None))
        {
            await cache.SetAsync(result, CancellationToken.None);
            scored += result.Duration?.TotalSeconds ?? 0;
            results++;
        }
        if (results != candidates.Count)
            throw new InvalidOperationException($"{results} results for {candidates.Count} candidates");
        return (clock.Elapsed.TotalSeconds, scored);
    }

    private static async Task<ModelDescription> WaitForModelAsync(IEvaluationBackend pool)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                var models = await pool.ModelsAsync(CancellationToken.None);
                if (models.Count > 0)
                    return models[0];
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
            }
            await Task.Delay(100);
        }
    }

    private static async Task WarmRemoteTeacherAsync(IEvaluationBackend pool, EvaluationSettings settings, ModelDescription model)
    {
        var teacher = Candidate.Parse("100: Fx100", 100);
        await foreach (var _ in pool.CreateEvaluator(settings, model).EvaluateAsync([teacher], CancellationToken.None))
        {
        }
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
