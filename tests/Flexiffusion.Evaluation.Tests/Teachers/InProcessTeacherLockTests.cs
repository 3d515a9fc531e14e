using Flexiffusion.Evaluation.Teachers;

namespace Flexiffusion.Evaluation.Tests.Teachers;

public sealed class InProcessTeacherLockTests
{
    private static readonly Func<CancellationToken, ValueTask<bool>> NotFinished = _ => ValueTask.FromResult(false);

    [Fact]
    public async Task AcquireAsync_SameName_SecondWaitsForTheFirstRelease()
    {
        var teacherLock = new InProcessTeacherLock();
        var first = await teacherLock.AcquireAsync("x", NotFinished, CancellationToken.None);

        var second = teacherLock.AcquireAsync("x", NotFinished, CancellationToken.None).AsTask();
        await Task.Delay(100);
        bool waited = !second.IsCompleted;
        await first!.DisposeAsync();
        var lease = await second.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(waited);
        Assert.NotNull(lease);
        await lease.DisposeAsync();
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
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => teacherLock.AcquireAsync("x", NotFinished, cts.Token).AsTask());
        await first!.DisposeAsync();
        await first.DisposeAsync();

        Assert.Equal(0, teacherLock.ActiveNames);
        await using var again = await teacherLock.AcquireAsync("x", NotFinished, CancellationToken.None);
        Assert.NotNull(again);
    }
}
