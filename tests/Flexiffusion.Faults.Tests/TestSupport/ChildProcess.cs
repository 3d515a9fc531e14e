using System.Diagnostics;
using System.Globalization;
using Flexiffusion.Testing;

namespace Flexiffusion.Faults.Tests.TestSupport;

/// <summary>
/// A real child process (a service, a search or redis-server) whose output lines are kept for the test to wait on and
/// to show when it fails; signals go to it by pid, and it is killed when disposed.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int ShownLines = 150;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>What the test calls it in messages (e.g. "evaluator-a").</summary>
    public string Name { get; }

    public int Id { get; private set; }

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Its exit status, once <see cref="HasExited"/> (128 + the signal when a signal ended it).</summary>
    public int ExitCode { get; private set; }

    /// <summary>Every line it printed so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
                return [.. _lines];
        }
    }

    /// <summary>Its whole stdout once it has exited, when started with keepStandardOutput (a search's JSON).</summary>
    public string StandardOutput { get; private set; } = "";

    public static ChildProcess Start(string name, ProcessStartInfo start, bool keepStandardOutput = false)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        var stdout = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            child.Add(e.Data);
            if (keepStandardOutput)
            {
                lock (stdout)
                    stdout.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                child.Add(e.Data);
        };
        process.Exited += (_, _) =>
        {
            // The last lines arrive after Exited; WaitForExit() drains them.
            process.WaitForExit();
            lock (stdout)
                child.StandardOutput = stdout.ToString();
            child.ExitCode = process.ExitCode;
            child._exited.TrySetResult();
        };
        if (!process.Start())
            throw new InvalidOperationException($"{name} did not start");
        child.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Whether a line it printed contains <paramref name="text"/>.</summary>
    public bool Printed(string text) => Count(text) > 0;

    /// <summary>How many lines it printed contain <paramref name="text"/>.</summary>
    public int Count(string text)
    {
        lock (_gate)
            return _lines.Count(l => l.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>Waits until it printed <paramref name="count"/> lines containing <paramref name="text"/>; fails if it exits first.</summary>
    public Task WaitForAsync(string text, int count = 1) =>
        Patience.UntilAsync(() =>
        {
            if (Count(text) >= count)
                return true;
            if (HasExited)
                throw new InvalidOperationException($"{Name} exited ({ExitCode}) before printing '{text}'");
            return false;
        }, $"{Name} printed '{text}' {count} time(s)");

    /// <summary>Waits for it to exit on its own (bounded by <see cref="Patience.Limit"/> twice: a whole search may run).</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var limit = new CancellationTokenSource(2 * Patience.Limit);
        try
        {
            await _exited.Task.WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {2 * Patience.Limit.TotalSeconds:F0} s");
        }
        return ExitCode;
    }

    /// <summary>Sends a signal by name (STOP, CONT, TERM) through kill(1).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -s {signal} {Id} ({Name}) failed with {kill.ExitCode}");
    }

    /// <summary>SIGKILL, then waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
            _process.Kill();
        await WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>The last lines it printed, for a failing test's output.</summary>
    public string Tail()
    {
        lock (_gate)
        {
            var shown = _lines.Skip(Math.Max(0, _lines.Count - ShownLines));
            return $"----- {Name} (pid {Id}{(HasExited ? $", exit {ExitCode}" : "")}), last {Math.Min(ShownLines, _lines.Count)} of {_lines.Count} lines -----\n"
                + string.Join('\n', shown);
        }
    }

    public void Dispose()
    {
        try
        {
            // SIGKILL also ends a stopped (SIGSTOP) process.
            if (!HasExited)
                _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It has just exited.
        }
        // The exit handler reads the last lines and the status; the process object lives until it has.
        _exited.Task.Wait(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private void Add(string line)
    {
        lock (_gate)
            _lines.Add(line);
    }
}
