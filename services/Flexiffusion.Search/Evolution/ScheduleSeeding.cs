namespace Flexiffusion.Search.Evolution;

/// <summary>Families of hand-made schedules: which seed the first population (those inside the space and the budget).</summary>
[Flags]
public enum ScheduleSeeding
{
    /// <summary>A purely random first population.</summary>
    None = 0,

    /// <summary>DDIM-k step reduction for every k: k full steps at the positions <c>ddim:k</c> gives (⌊j·T/k⌋), nulls between.</summary>
    StepReduction = 1,

    /// <summary>DeepCache uniform 1:N at every allowed branch: a full step every N positions, partial steps between.</summary>
    DeepCacheUniform = 2,

    /// <summary>DeepCache non-uniform: full steps placed by its quadratic-around-a-centre formula (needs unequal segments).</summary>
    DeepCacheNonUniform = 4,

    /// <summary>k-step reduction with DDIM's quadratic placement: full steps denser towards the end of sampling.</summary>
    QuadraticStepReduction = 8,

    /// <summary>Every family.</summary>
    All = StepReduction | DeepCacheUniform | DeepCacheNonUniform | QuadraticStepReduction,
}
