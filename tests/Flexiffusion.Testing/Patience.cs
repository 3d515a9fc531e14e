using Xunit;

namespace Flexiffusion.Testing;

/// <summary>
/// How long a test waits for something that is bound to happen (a signal, a condition). Tests
/// synchronise on events, never on elapsed time; this limit only turns "it never happens" into a
/// failure instead of a hang, and is long enough that a loaded two-core machine never reaches it.
/// </summary>
public static class Patience
{
    /// <summary>The longest a test waits for one awaited event or condition.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <see cref="Limit"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <see cref="Limit"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"waited {Limit.TotalSeconds:F0} s in vain until {what}");
            await Task.Delay(Poll).ConfigureAwait(false);
        }
    }
}
