namespace Flexiffusion.Plans;

/// <summary>What the network does at one position of the teacher's timestep list.</summary>
public enum StepKind
{
    /// <summary>The whole U-Net runs and fills the feature cache.</summary>
    Full,

    /// <summary>Only the shallow path runs, reusing the cached deep feature of one branch.</summary>
    Partial,

    /// <summary>No network evaluation at all.</summary>
    Null,
}
