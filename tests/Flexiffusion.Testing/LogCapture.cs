using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Flexiffusion.Testing;

/// <summary>An <see cref="ILoggerProvider"/> that keeps every line logged (category, level, message, structured values and exception), for tests of what a service logs.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _warnings = new();

    /// <summary>Every line so far: category, level, message and the exception's full text.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The formatted messages logged at warning level or above, in order.</summary>
    public IReadOnlyList<string> Warnings => [.. _warnings];

    /// <summary>Everything logged so far, as one text.</summary>
    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string message = formatter(state, exception);
            string structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            capture._lines.Enqueue($"{category} {logLevel}: {message} [{structured}] {exception}");
            if (logLevel >= LogLevel.Warning)
                capture._warnings.Enqueue(message);
        }
    }
}
