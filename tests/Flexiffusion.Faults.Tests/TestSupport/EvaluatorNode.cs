using System.Globalization;

namespace Flexiffusion.Faults.Tests.TestSupport;

/// <summary>One evaluator of a <see cref="ServiceCluster"/>: its id and port, and its current process once started.</summary>
internal sealed class EvaluatorNode(string id, int port)
{
    public string Id { get; } = id;

    public int Port { get; } = port;

    public string Address => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The controller's log line when this evaluator joins its pool.</summary>
    public string JoinedLine => $"Evaluator {Address} joined as {Id}";

    public ChildProcess Process { get; set; } = null!;
}
