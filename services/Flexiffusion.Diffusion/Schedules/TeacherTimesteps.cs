namespace Flexiffusion.Diffusion.Schedules;

/// <summary>The teacher's decreasing list of timesteps, as in DDIM (Song et al. 2021, appendix D.2).</summary>
public static class TeacherTimesteps
{
    /// <summary>
    /// <paramref name="steps"/> strictly decreasing timesteps in 0..trainSteps−1, ending at 0.
    /// Quadratic spacing repeats small values for large step counts; repeats are bumped up by one so
    /// that every position is a real step.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">steps is not in 1..trainSteps.</exception>
    public static int[] Create(TimestepSpacing spacing, int steps, int trainSteps = 1000)
    {
        if (steps < 1 || steps > trainSteps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"teacher steps must be in 1..{trainSteps}");
        var ascending = new int[steps];
        switch (spacing)
        {
            case TimestepSpacing.Uniform:
                int skip = trainSteps / steps;
                for (int i = 0; i < steps; i++)
                    ascending[i] = i * skip;
                break;
            case TimestepSpacing.Quadratic:
                double top = Math.Sqrt(trainSteps * 0.8);
                for (int i = 0; i < steps; i++)
                {
                    double root = steps == 1 ? 0 : top * i / (steps - 1);
                    ascending[i] = (int)Math.Floor(root * root);
                    if (i > 0 && ascending[i] <= ascending[i - 1])
                        ascending[i] = ascending[i - 1] + 1;
                }
                if (ascending[^1] >= trainSteps)
                    throw new ArgumentOutOfRangeException(nameof(steps), steps, "too many quadratic steps for the training schedule");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "unknown spacing");
        }
        Array.Reverse(ascending);
        return ascending;
    }
}
