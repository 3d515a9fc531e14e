using Flexiffusion.Orchestration.Specs;
using Flexiffusion.ServiceDefaults.Security;

namespace Flexiffusion.Controller.Hosting;

/// <summary>
/// The controller's settings (section <c>Controller</c>; environment variables
/// <c>FLEXIFFUSION_Controller__…</c>; command line <c>--Controller:…</c>), validated at start.
/// </summary>
public sealed class ControllerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Controller";

    /// <summary>Searches that run at once; later ones wait as pending. Default 2.</summary>
    public int MaxConcurrentSearches { get; set; } = 2;

    /// <summary>Evaluator addresses, e.g. <c>http://127.0.0.1:5101</c> (gRPC over h2c) or <c>https://evaluator-0:5101</c> (TLS).</summary>
    public IList<string> Evaluators { get; } = [];

    /// <summary>
    /// A DNS name and port, <c>host:port</c>, whose addresses are evaluators (e.g. a Kubernetes
    /// headless service), re-resolved every <see cref="DnsRefresh"/>; empty for none.
    /// </summary>
    public string? EvaluatorDns { get; set; }

    /// <summary>The scheme of the evaluators found through <see cref="EvaluatorDns"/>: <c>http</c> (h2c, default) or <c>https</c> (TLS).</summary>
    public string EvaluatorDnsScheme { get; set; } = "http";

    /// <summary>
    /// The controller's credentials towards its evaluators (section <c>Controller:EvaluatorCredentials</c>): the bearer
    /// token sent on every call (<c>TokenFile</c> or <c>Token</c>), the CA that issued the evaluators' certificates
    /// (<c>CaFile</c>), the name those certificates carry (<c>ServerName</c>) and a client certificate for mutual TLS.
    /// </summary>
    public ClientCredentialOptions EvaluatorCredentials { get; set; } = new();

    /// <summary>How often <see cref="EvaluatorDns"/> is resolved again. Default 30 s.</summary>
    public TimeSpan DnsRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Deadline of one candidate on one evaluator (an evaluator that accepts it and then hangs), and the longest a
    /// start waits for a first evaluator to tell the models. Default 10 minutes (an rFID evaluation takes seconds to minutes).
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The longest a candidate waits while no evaluator serving its model is connected, after which its search fails;
    /// zero (the default): wait until an evaluator returns, the search showing why it waits.
    /// </summary>
    public TimeSpan NoEvaluatorTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Deadline of the small calls: health checks, GetEvaluatorInfo and the stream's Ready message. Default 10 s.</summary>
    public TimeSpan InfoTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an evaluator that is down or taken out is checked (grpc.health.v1) before it rejoins. Default 2 s.</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Times one candidate may be sent to evaluators before its search fails. Default 10.</summary>
    public int MaxDispatches { get; set; } = 10;

    /// <summary>Progress items a watcher may have unread before newer ones are dropped for it. Default 1024.</summary>
    public int WatcherBuffer { get; set; } = 1024;

    /// <summary>Searches that may wait for a slot; one more is refused with RESOURCE_EXHAUSTED. Default 100.</summary>
    public int MaxPendingSearches { get; set; } = 100;

    /// <summary>Watchers one search may have at once. Default 64.</summary>
    public int MaxWatchers { get; set; } = 64;

    /// <summary>Finished searches kept (memory and store); older ones are deleted as new ones finish. Default 1,000.</summary>
    public int MaxFinishedSearches { get; set; } = 1000;

    /// <summary>
    /// This controller's id in the leases of the searches it runs (controllers sharing a Redis need distinct ids); empty
    /// for a new random one at every start (host name and a random suffix).
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// How long a search's lease lasts without renewal (renewed every third of it). Another controller on the same Redis
    /// takes a search over this long after its controller stopped renewing; a controller that cannot renew for two thirds
    /// of it stops the search. Default 30 s.
    /// </summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the controller looks in the store for searches it should take over or show. Default 10 s.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bounds on the sizes a request can set (section <c>Controller:Limits</c>).</summary>
    public RequestLimits Limits { get; set; } = new();

    /// <summary>When an evaluator is taken out of the pool.</summary>
    public CircuitBreakerSettings CircuitBreaker { get; set; } = new();
}
