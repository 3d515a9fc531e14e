using Flexiffusion.Search.Space;

namespace Flexiffusion.Testing;

/// <summary>An instant, rFID-like fitness for tests of the search, the controller and the pool.</summary>
public static class SyntheticFitness
{
    /// <summary>Every position adds the error of its step kind, more at early positions; nulls err most.</summary>
    public static double Error(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        double error = 0;
        int position = 0;
        foreach (var s in candidate.Segments)
        {
            for (int i = 0; i < s.Length; i++, position++)
            {
                double weight = 1.0 + 2.0 * (candidate.TeacherSteps - position) / candidate.TeacherSteps;
                if (i > 0)
                    error += i < s.Interval ? weight * i * 0.35 / (1 + s.Branch) : weight * (1.5 + 0.25 * (i - s.Interval));
            }
        }
        return error;
    }
}
