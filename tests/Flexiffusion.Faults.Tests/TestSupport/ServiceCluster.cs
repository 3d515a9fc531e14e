using System.Globalization;
using Flexiffusion.Contracts.Controller.V1;
using Flexiffusion.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Xunit.Abstractions;
using SearchMessage = Flexiffusion.Contracts.Controller.V1.Search;

namespace Flexiffusion.Faults.Tests.TestSupport;

/// <summary>
/// Real service processes on loopback (<c>flexiffusion serve evaluator|controller</c>) serving the tiny random-weights
/// model, optionally sharing a real Redis; every process is killed when the cluster is disposed, and the last lines of
/// each are written to the test's output.
/// </summary>
internal sealed class ServiceCluster : IDisposable
{
    private readonly List<ChildProcess> _processes = [];
    private readonly ITestOutputHelper? _output;
    private readonly GrpcChannel _channel;
    private string[] _controllerSettings = [];

    public ServiceCluster(string directory, ITestOutputHelper? output, RedisProcess? redis = null)
    {
        Directory = directory;
        _output = output;
        Redis = redis;
        ControllerPort = FreePort.Next();
        MetricsPort = FreePort.Next();
        _channel = GrpcChannel.ForAddress(ControllerAddress);
        Client = new SearchService.SearchServiceClient(_channel);
    }

    public string Directory { get; }

    public RedisProcess? Redis { get; }

    public int ControllerPort { get; }

    /// <summary>The controller's Prometheus port.</summary>
    public int MetricsPort { get; }

    public string ControllerAddress => $"http://127.0.0.1:{ControllerPort.ToString(CultureInfo.InvariantCulture)}";

    public IList<EvaluatorNode> Evaluators { get; } = [];

    /// <summary>The controller's current process (a new one after each <see cref="StartControllerAsync"/>).</summary>
    public ChildProcess Controller { get; private set; } = null!;

    /// <summary>The controller's API, from the Contracts project's generated client (reconnects across controller restarts).</summary>
    public SearchService.SearchServiceClient Client { get; }

    /// <summary>An evaluator's id and port, decided now; it starts with <see cref="StartEvaluatorAsync"/>.</summary>
    public EvaluatorNode AddEvaluator(string id)
    {
        var evaluator = new EvaluatorNode(id, FreePort.Next());
        Evaluators.Add(evaluator);
        return evaluator;
    }

    /// <summary>Starts the evaluator's process and waits until it serves the tiny model.</summary>
    public async Task StartEvaluatorAsync(EvaluatorNode evaluator)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        List<string> args =
        [
            "serve", "evaluator", "--port", evaluator.Port.ToString(CultureInfo.InvariantCulture),
            $"--Evaluator:Id={evaluator.Id}", "--Evaluator:Capacity=2",
            "--Evaluator:Models:0:Name=tiny", $"--Evaluator:Models:0:Config={TinyModels.Config32}",
            "--Evaluator:Models:0:RandomWeights=true", $"--Evaluator:Models:0:InitSeed={TinySearch.InitSeed}",
            $"--Evaluator:Models:0:Features={RepositoryPaths.FeatureNetwork}", "--Evaluator:Models:0:MeasureLatency=false",
        ];
        if (Redis is not null)
            args.Add($"--Redis:Configuration={Redis.Configuration}");
        evaluator.Process = Track(CliProcess.Start(evaluator.Id, Directory, args));
        await evaluator.Process.WaitForAsync($"Evaluator {evaluator.Id} serving").ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a controller on <see cref="ControllerPort"/> that knows every evaluator added so far, with
    /// <paramref name="settings"/> (<c>--Section:Key=value</c>), and waits until its search service is SERVING. A
    /// restart (after a kill) passes no settings and reuses the first start's.
    /// </summary>
    public async Task StartControllerAsync(params string[] settings)
    {
        if (settings.Length > 0 || Controller is null)
            _controllerSettings = settings;
        List<string> args =
        [
            "serve", "controller", "--port", ControllerPort.ToString(CultureInfo.InvariantCulture),
            "--metrics-port", MetricsPort.ToString(CultureInfo.InvariantCulture),
            "--Controller:HealthInterval=00:00:00.5", "--Controller:InfoTimeout=00:00:02",
            // Joins, losses and candidates going back to the queue are what the tests watch.
            "--Logging:LogLevel:Flexiffusion.Controller.Evaluators=Debug",
        ];
        for (int i = 0; i < Evaluators.Count; i++)
            args.Add($"--Controller:Evaluators:{i.ToString(CultureInfo.InvariantCulture)}={Evaluators[i].Address}");
        if (Redis is not null)
            args.Add($"--Redis:Configuration={Redis.Configuration}");
        args.AddRange(_controllerSettings);
        Controller = Track(CliProcess.Start($"controller#{_processes.Count(p => p.Name.StartsWith("controller", StringComparison.Ordinal)) + 1}", Directory, args));
        var health = new Health.HealthClient(_channel);
        await Patience.UntilAsync(async () =>
        {
            if (Controller.HasExited)
                throw new InvalidOperationException($"the controller exited ({Controller.ExitCode}) before serving");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest { Service = SearchService.Descriptor.FullName }, deadline: DateTime.UtcNow.AddSeconds(5));
                return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            }
            catch (RpcException)
            {
                return false;
            }
        }, "the controller's search service reported SERVING").ConfigureAwait(false);
    }

    /// <summary>Waits until the current controller has logged <paramref name="evaluator"/> joining <paramref name="times"/> times.</summary>
    public Task JoinedAsync(EvaluatorNode evaluator, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        return Controller.WaitForAsync(evaluator.JoinedLine, times);
    }

    /// <summary>Starts <c>flexiffusion search --controller … --id <paramref name="id"/> --json</c> with the tiny search.</summary>
    public ChildProcess StartSearch(string id) =>
        Track(CliProcess.Start($"search {id}#{_processes.Count(p => p.Name.StartsWith("search " + id, StringComparison.Ordinal)) + 1}", Directory,
            [.. TinySearch.Args, "--controller", ControllerAddress, "--id", id], keepStandardOutput: true));

    /// <summary>Polls GetSearch until <paramref name="condition"/> holds (a missing search or an unreachable controller only waits).</summary>
    public async Task<SearchMessage> WaitForSearchAsync(string id, Func<SearchMessage, bool> condition, string what)
    {
        SearchMessage? last = null;
        await Patience.UntilAsync(async () =>
        {
            try
            {
                last = await Client.GetSearchAsync(new GetSearchRequest { Name = "searches/" + id }, deadline: DateTime.UtcNow.AddSeconds(5));
                return condition(last);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                return false;
            }
        }, what).ConfigureAwait(false);
        return last!;
    }

    /// <summary>The controller's count of candidates scored by the evaluator with id <paramref name="evaluatorId"/> (Prometheus).</summary>
    public async Task<long> EvaluatedByAsync(string evaluatorId)
    {
        using var http = new HttpClient();
        string text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{MetricsPort.ToString(CultureInfo.InvariantCulture)}/metrics")).ConfigureAwait(false);
        return text.Split('\n')
            .Where(l => l.StartsWith("flexiffusion_controller_candidates_evaluated", StringComparison.Ordinal) && l.Contains($"evaluator=\"{evaluatorId}\"", StringComparison.Ordinal))
            .Sum(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>Keeps <paramref name="process"/> to kill and show at the end.</summary>
    public ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>The last lines of every process this cluster started (and of its Redis), for a failure's message.</summary>
    public string Tails() => string.Join('\n', _processes.Concat(Redis?.Runs ?? []).Select(p => p.Tail()));

    public void Dispose()
    {
        foreach (var process in _processes)
            process.Dispose();
        _output?.WriteLine(Tails());
        _channel.Dispose();
    }
}
