using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Pipeline.Internal;
using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Diffusion.Schedules;
using Flexiffusion.Plans;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Pipeline;

/// <summary>
/// Owns the sampling loop: runs a <see cref="StepPlan"/> of full / partial / null steps over the
/// teacher's timesteps with a sampler, in batches, from a deterministic <see cref="NoiseBank"/>.
/// Every step runs in its own dispose scope, so memory stays flat however long the run.
/// </summary>
public sealed class DiffusionPipeline
{
    private readonly INoisePredictor _model;
    private readonly NoiseSchedule _schedule;
    private readonly ISampler _sampler;

    /// <summary>Creates a pipeline.</summary>
    public DiffusionPipeline(INoisePredictor model, NoiseSchedule schedule, ISampler sampler, PipelineOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        _sampler = sampler ?? throw new ArgumentNullException(nameof(sampler));
        Options = options ?? new PipelineOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.BatchSize, 1, "options.BatchSize");
    }

    /// <summary>The options this pipeline runs with.</summary>
    public PipelineOptions Options { get; }

    /// <summary>
    /// Generates images <paramref name="first"/>..first+count−1 of the noise bank with
    /// <paramref name="plan"/> over <paramref name="timesteps"/>; returns x_0 [count, C, H, W] on the CPU.
    /// </summary>
    /// <exception cref="ArgumentException">The plan, timesteps or range are inconsistent.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (checked before every step).</exception>
    public Tensor Generate(StepPlan plan, IReadOnlyList<int> timesteps, NoiseBank noise, int first, int count,
        IProgress<SamplingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(noise);
        Validate(plan, timesteps, first, count);
        var steps = ExecutionStep.Build(plan, timesteps, Options.Nulls);
        var batches = new List<Tensor>();
        try
        {
            for (int start = 0; start < count; start += Options.BatchSize)
            {
                int n = Math.Min(Options.BatchSize, count - start);
                batches.Add(GenerateBatch(steps, plan.Count, noise, first + start, n, start, count, progress, cancellationToken));
            }
            return batches.Count == 1 ? batches[0].detach() : cat(batches, 0);
        }
        finally
        {
            foreach (var batch in batches)
                batch.Dispose();
        }
    }

    private Tensor GenerateBatch(List<ExecutionStep> steps, int positions, NoiseBank noise, int first, int n,
        int done, int total, IProgress<SamplingProgress>? progress, CancellationToken cancellationToken)
    {
        var device = Options.Device;
        using var run = _sampler.Start(_schedule);
        using var cache = new FeatureCache();
        Tensor x;
        using (NewDisposeScope())
            x = noise.Initial(first, n).to(device).DetachFromDisposeScope();
        Tensor? lastEpsilon = null;
        try
        {
            for (int k = 0; k < steps.Count; k++)
            {
                var step = steps[k];
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                Tensor epsilon;
                if (step.Step.IsActive)
                {
                    var t = full([n], step.Timestep, ScalarType.Int64, device);
                    epsilon = _model.Predict(x, t, step.Step, cache, step.Fill);
                }
                else
                {
                    epsilon = lastEpsilon ?? throw new InvalidOperationException("a null step has no earlier prediction to reuse");
                }
                var z = _sampler.IsStochastic ? noise.StepNoise(first, n, step.Position).to(device) : null;
                var output = run.Step(x, epsilon, step.Timestep, step.Next, z);
                var previous = output.Previous.DetachFromDisposeScope();
                x.Dispose();
                x = previous;
                if (step.Step.IsActive)
                {
                    lastEpsilon?.Dispose();
                    lastEpsilon = epsilon.DetachFromDisposeScope();
                }
                int reached = k + 1 < steps.Count ? steps[k + 1].Position : positions;
                progress?.Report(new SamplingProgress(done, total, n, reached, positions));
            }
            return x.cpu().detach();
        }
        finally
        {
            x.Dispose();
            lastEpsilon?.Dispose();
        }
    }

    private void Validate(StepPlan plan, IReadOnlyList<int> timesteps, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(timesteps);
        if (timesteps.Count != plan.Count)
            throw new ArgumentException($"the plan has {plan.Count} positions but there are {timesteps.Count} timesteps", nameof(plan));
        for (int i = 0; i < timesteps.Count; i++)
        {
            if (timesteps[i] < 0 || timesteps[i] >= _schedule.TrainSteps)
                throw new ArgumentException($"timestep {timesteps[i]} at position {i} is outside 0..{_schedule.TrainSteps - 1}", nameof(timesteps));
            if (i > 0 && timesteps[i] >= timesteps[i - 1])
                throw new ArgumentException($"timesteps must strictly decrease ({timesteps[i - 1]} then {timesteps[i]} at position {i})", nameof(timesteps));
        }
        if (plan.MaxBranch >= _model.BranchCount)
            throw new ArgumentException($"the plan uses branch {plan.MaxBranch} but the model has branches 0..{_model.BranchCount - 1}", nameof(plan));
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
    }
}
