namespace Flexiffusion.Cli;

/// <summary>An <see cref="IProgress{T}"/> that calls its handler on the reporting thread, in order.</summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => handler(value);
}
