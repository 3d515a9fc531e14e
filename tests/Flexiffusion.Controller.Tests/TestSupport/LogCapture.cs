using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>A logger provider that keeps every message at warning level or above.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _warnings = new();

    /// <summary>The formatted messages logged at warning level or above, in order.</summary>
    public IReadOnlyList<string> Warnings => [.. _warnings];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                capture._warnings.Enqueue(formatter(state, exception));
        }
    }
}
