namespace Flexiffusion.Search.Evolution;

/// <summary>Which known schedules seed the first population (those inside the space and the budget).</summary>
[Flags]
public enum ScheduleSeeding
{
    /// <summary>A purely random first population.</summary>
    None = 0,

    /// <summary>Uniform DDIM-k step reduction: k segments that each run only their full step.</summary>
    StepReduction = 1,

    /// <summary>DeepCache uniform 1:N at every allowed branch: segments of length N, all partial after the full step.</summary>
    DeepCacheUniform = 2,

    /// <summary>DeepCache non-uniform: full steps placed by its quadratic-around-a-centre formula (needs unequal segments).</summary>
    DeepCacheNonUniform = 4,

    /// <summary>Every known schedule.</summary>
    All = StepReduction | DeepCacheUniform | DeepCacheNonUniform,
}
