using Flexiffusion.Scoring.Teachers;
using Flexiffusion.Testing;

namespace Flexiffusion.Scoring.Tests.Teachers;

public sealed class InProcessTeacherLockTests
{
    private static readonly Func<CancellationToken, ValueTask<bool>> NotFinished = _ => ValueTask.FromResult(false);

    [Fact]
    public async Task AcquireAsync_SameName_SecondWaitsForTheFirstRelease()
    {
        var teacherLock = new InProcessTeacherLock();
        var first = await teacherLock.AcquireAsync("x", NotFinished, CancellationToken.None);

        // Asking while the first lease is held: the second caller is registered and left waiting.
        var second = teacherLock.AcquireAsync("x", NotFinished, CancellationToken.None).AsTask();
        bool waited = !second.IsCompleted;
        int waitingNames = teacherLock.ActiveNames;
        await first!.DisposeAsync();
        var lease = await second.WaitAsync(Patience.Limit);

        Assert.True(waited);
        Assert.Equal(1, waitingNames);
        Assert.NotNull(lease);
        await lease.DisposeAsync();
        Assert.Equal(0, teacherLock.ActiveNames);
    }

    [Fact]
    public async Task AcquireAsync_TwoHoldersOverlap_OnlyOneInsideAtATime()
    {
        var teacherLock = new InProcessTeacherLock();
        var secondAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int inside = 0, mostInside = 0;
        async Task HoldAsync(Task? whileInside)
        {
            await using var lease = await teacherLock.AcquireAsync("x", NotFinished, CancellationToken.None);
            mostInside = Math.Max(mostInside, Interlocked.Increment(ref inside));
            if (whileInside is not null)
                await whileInside.WaitAsync(Patience.Limit);
            Interlocked.Decrement(ref inside);
        }

        // The first holder stays inside until the second has asked for the lock: their attempts overlap.
        var first = HoldAsync(secondAsked.Task);
        var second = HoldAsync(null);
        secondAsked.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Patience.Limit);

        Assert.Equal(1, mostInside);
        Assert.Equal(0, teacherLock.ActiveNames);
    }

    [Fact]
    public async Task AcquireAsync_OtherName_DoesNotWait()
    {
        var teacherLock = new InProcessTeacherLock();
        await using var first = await teacherLock.AcquireAsync("x", NotFinished, CancellationToken.None);

        var other = teacherLock.AcquireAsync("y", NotFinished, CancellationToken.None);

        Assert.True(other.IsCompleted);
        await using var lease = await other;
        Assert.Equal(2, teacherLock.ActiveNames);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndForgetsTheWaiter()
    {
        var teacherLock = new InProcessTeacherLock();
        var first = await teacherLock.AcquireAsync("x", NotFinished, CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = teacherLock.AcquireAsync("x", NotFinished, cts.Token).AsTask();
        bool waited = !waiting.IsCompleted;
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience.Limit));
        await first!.DisposeAsync();
        await first.DisposeAsync();

        Assert.True(waited);
        Assert.Equal(0, teacherLock.ActiveNames);
        await using var again = await teacherLock.AcquireAsync("x", NotFinished, CancellationToken.None);
        Assert.NotNull(again);
    }
}
