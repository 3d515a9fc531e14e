using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Diffusion.Tests.TestSupport;
using Flexiffusion.Diffusion.Training;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.Training;

public sealed class DdpmTrainerTests : IDisposable
{
    private readonly string _runDir = Directory.CreateTempSubdirectory("fx-train-").FullName;
    private readonly Tensor _images;

    public DdpmTrainerTests()
    {
        // 32 images of two shapes: bright left half or bright top half, 3×8×8 in [−1, 1].
        manual_seed(11);
        using var left = full(new long[] { 16, 3, 8, 8 }, -1f);
        left[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 4)] = 1f;
        using var top = full(new long[] { 16, 3, 8, 8 }, -1f);
        top[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 4)] = 1f;
        _images = cat([left, top], 0);
    }

    public void Dispose()
    {
        _images.Dispose();
        Directory.Delete(_runDir, recursive: true);
    }

    private DdpmTrainer Trainer(int steps, int checkpointEvery = 1000) => new(TinyConfigs.Minimal, NoiseSchedule.Linear(), _images,
        new DdpmTrainingOptions { Steps = steps, BatchSize = 8, LearningRate = 2e-3, WarmupSteps = 2, CheckpointEvery = checkpointEvery, EmaDecay = 0.9, Seed = 3 });

    [Fact]
    public void Run_FewDozenSteps_LossDecreases()
    {
        using var trainer = Trainer(60);

        var state = trainer.Run(_runDir);

        Assert.Equal(60, state.Step);
        Assert.True(state.Losses.TakeLast(10).Average() < 0.8 * state.Losses.Take(10).Average(),
            $"loss {state.Losses.Take(10).Average():F4} → {state.Losses.TakeLast(10).Average():F4}");
    }

    [Fact]
    public void Resume_FromCheckpoint_ContinuesBitForBitLikeAnUninterruptedRun()
    {
        using var straight = Trainer(6);
        straight.Run(Path.Combine(_runDir, "a"));

        using (var first = Trainer(3))
            first.Run(Path.Combine(_runDir, "b"));
        using var resumed = Trainer(6);
        resumed.Resume(TrainingCheckpoint.Latest(Path.Combine(_runDir, "b"))!);
        Assert.Equal(3, resumed.Step);
        resumed.Run(Path.Combine(_runDir, "b"));

        Assert.Equal(straight.Losses, resumed.Losses);
        AssertSameWeights(straight.Model, resumed.Model);
        AssertSameWeights(straight.Ema, resumed.Ema);
    }

    [Fact]
    public void Checkpoint_SaveAndLoad_RoundTripsWeightsAndStateExactly()
    {
        using var trainer = Trainer(4);
        trainer.Run(_runDir);
        string checkpoint = TrainingCheckpoint.Latest(_runDir)!;

        using var other = Trainer(4);
        other.Resume(checkpoint);

        Assert.Equal(4, other.Step);
        Assert.Equal(trainer.Losses, other.Losses);
        AssertSameWeights(trainer.Model, other.Model);
        AssertSameWeights(trainer.Ema, other.Ema);
        Assert.False(Identical(trainer.Model, trainer.Ema));
    }

    [Fact]
    public void Run_Cancelled_SavesWhereItStopped()
    {
        using var trainer = Trainer(50);
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAt(7, cancel);

        Assert.Throws<OperationCanceledException>(() => trainer.Run(_runDir, progress, cancel.Token));

        Assert.EndsWith("step-000007", TrainingCheckpoint.Latest(_runDir), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_KeepsOnlyTheNewestCheckpoints()
    {
        using var trainer = Trainer(10, checkpointEvery: 2);

        trainer.Run(_runDir);

        var kept = Directory.GetDirectories(Path.Combine(_runDir, "checkpoints")).Select(d => Path.GetFileName(d)!).Order().ToArray();
        Assert.Equal(new[] { "step-000006", "step-000008", "step-000010" }, kept);
    }

    [Fact]
    public void Options_Invalid_NameTheField()
    {
        Assert.Contains("batchSize", Assert.Throws<ArgumentException>(() => new DdpmTrainingOptions { BatchSize = 0 }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("emaDecay", Assert.Throws<ArgumentException>(() => new DdpmTrainingOptions { EmaDecay = 1 }.Validate()).Message, StringComparison.Ordinal);
    }

    private static void AssertSameWeights(TorchSharp.torch.nn.Module a, TorchSharp.torch.nn.Module b) => Assert.True(Identical(a, b));

    private static bool Identical(TorchSharp.torch.nn.Module a, TorchSharp.torch.nn.Module b) =>
        a.parameters().Zip(b.parameters()).All(p => TensorEquality.Identical(p.First, p.Second));

    private sealed class CancelAt(int step, CancellationTokenSource cancel) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step == step)
                cancel.Cancel();
        }
    }
}
