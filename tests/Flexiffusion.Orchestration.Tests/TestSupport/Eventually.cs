namespace Flexiffusion.Orchestration.Tests.TestSupport;

public static class Eventually
{
    /// <summary>Waits until the condition holds, failing after <paramref name="seconds"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(5);
        }
    }
}
