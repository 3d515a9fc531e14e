using System.Diagnostics;
using System.Text;
using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Controller.Hosting;
using Flexiffusion.Evaluator;
using Flexiffusion.Evaluator.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Proto = Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Bench;

/// <summary>
/// How long a cancel takes: a controller and an evaluator serving the shipped MNIST model on loopback, a search
/// cancelled while it waits for a slot, while the evaluator computes the teacher, and while candidates run on the
/// evaluator. Measured: the CancelSearch call (it returns once the search has stopped) and the time until the
/// evaluator has no job of the search left (its queue depth is 0).
/// </summary>
public static class CancelBenchmark
{
    private const string Weights = "models/mnist-ddpm/ema.bin", Features = "models/mnist-features/classifier.bin";

    public static void Run(StringBuilder report, bool quick) => RunAsync(report, quick).GetAwaiter().GetResult();

    private static async Task RunAsync(StringBuilder report, bool quick)
    {
        int images = quick ? 32 : 128, repeats = quick ? 2 : 3;
        await using var evaluator = EvaluatorHost.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoints:GrpcPort"] = "0",
            ["Evaluator:Id"] = "bench-evaluator",
            ["Evaluator:Capacity"] = "2",
            ["Evaluator:Models:0:Name"] = "mnist",
            ["Evaluator:Models:0:Config"] = "mnist",
            ["Evaluator:Models:0:Weights"] = Path.GetFullPath(Weights),
            ["Evaluator:Models:0:Features"] = Path.GetFullPath(Features),
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await evaluator.StartAsync();
        await using var controller = ControllerHost.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoints:GrpcPort"] = "0",
            ["Controller:Evaluators:0"] = Address(evaluator),
            ["Controller:MaxConcurrentSearches"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await controller.StartAsync();
        using var channel = GrpcChannel.ForAddress(Address(controller));
        var client = new SearchService.SearchServiceClient(channel);
        var state = evaluator.Services.GetRequiredService<EvaluatorState>();
        int Depth() => state.Scorer?.QueueDepth ?? 0;

        var rows = new List<(string Point, double CancelMs, double IdleMs)>();
        for (int r = 0; r < repeats; r++)
        {
            // The teacher: noise seeds differ per repeat, so each search starts by computing its own.
            ulong seed = (ulong)(1000 + r);
            var running = await CreateAsync(client, $"teacher-{r}", seed, images);
            await WaitAsync(() => Depth() > 0);
            rows.Add(("while the evaluator computes the teacher", await CancelAsync(client, running), await IdleAsync(Depth)));

            running = await CreateAsync(client, $"running-{r}", seed + 100, images);
            await WaitForProgressAsync(client, running);
            var pending = await CreateAsync(client, $"pending-{r}", seed + 200, images);
            rows.Add(("waiting for a slot (another search runs)", await CancelAsync(client, pending), 0));
            await WaitAsync(() => Depth() > 0);
            rows.Add(("while candidates run on the evaluator", await CancelAsync(client, running), await IdleAsync(Depth)));
        }

        report.AppendLine("## Cancel latency");
        report.AppendLine();
        report.AppendLine($"Controller + one evaluator (capacity 2) on loopback, model `mnist` (shipped weights), 100-step DDIM teacher, {images} images per candidate (one candidate takes seconds). {repeats} searches cancelled at each point. `cancel` = the CancelSearch call, which returns once the search has stopped; `evaluator idle` = from the call's return until the evaluator has no job left.");
        report.AppendLine();
        report.AppendLine("| point | cancel ms (median) | cancel ms (max) | evaluator idle ms (median) | evaluator idle ms (max) |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(r => r.Point))
        {
            var cancel = group.Select(g => g.CancelMs).Order().ToList();
            var idle = group.Select(g => g.IdleMs).Order().ToList();
            report.AppendLine($"| {group.Key} | {BenchApp.F(cancel[cancel.Count / 2], "F0")} | {BenchApp.F(cancel[^1], "F0")} | {BenchApp.F(idle[idle.Count / 2], "F0")} | {BenchApp.F(idle[^1], "F0")} |");
        }
        report.AppendLine();
        await controller.StopAsync();
        await evaluator.StopAsync();
    }

    private static async Task<string> CreateAsync(SearchService.SearchServiceClient client, string id, ulong seed, int images)
    {
        var spec = new SearchSpec
        {
            Seed = 7,
            Budget = new Budget { MinMacSpeedup = 2 },
            Evolution = new EvolutionSettings { PopulationSize = 8, ParentCount = 4, MutationChildren = 4, CrossoverChildren = 4, Generations = 3, Finalists = 0, Seeding = new Seeding() },
            Evaluation = new Proto.EvaluationSettings { Model = "mnist", TeacherSteps = 100, Images = images, BatchSize = Math.Min(images, 64), NoiseSeed = (long)seed },
        };
        var search = await client.CreateSearchAsync(new CreateSearchRequest { SearchId = id, Search = new Contracts.Controller.V1.Search { Spec = spec } });
        return search.Name;
    }

    private static async Task<double> CancelAsync(SearchService.SearchServiceClient client, string name)
    {
        var clock = Stopwatch.StartNew();
        var search = await client.CancelSearchAsync(new CancelSearchRequest { Name = name });
        double ms = clock.Elapsed.TotalMilliseconds;
        if (search.State != SearchState.Cancelled)
            throw new InvalidOperationException($"{name} is {search.State} after CancelSearch");
        return ms;
    }

    private static async Task<double> IdleAsync(Func<int> depth)
    {
        var clock = Stopwatch.StartNew();
        await WaitAsync(() => depth() == 0, TimeSpan.FromMinutes(5));
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task WaitForProgressAsync(SearchService.SearchServiceClient client, string name)
    {
        using var call = client.WatchSearch(new WatchSearchRequest { Name = name });
        await foreach (var update in call.ResponseStream.ReadAllAsync())
        {
            if (update.KindCase == SearchUpdate.KindOneofCase.Progress && update.Progress.Done > 0)
                return;
        }
        throw new InvalidOperationException($"{name} ended before it scored a candidate");
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromMinutes(5));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the benchmark's condition did not hold in time");
            await Task.Delay(5);
        }
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
