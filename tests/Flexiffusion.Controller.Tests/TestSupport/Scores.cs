using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Space;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>The synthetic fitness every test evaluator computes, and the model it serves.</summary>
public static class Scores
{
    public const string ModelName = "synthetic";

    public static CostTable Costs { get; } = new(10, [1, 2, 4, 7]);

    /// <summary>An rFID-like error: every position adds the error of its step kind, more at early positions; nulls err most.</summary>
    public static double Error(Candidate candidate)
    {
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
