namespace Flexiffusion.ServiceDefaults.Telemetry;

/// <summary>Names of the services' meters; every meter whose name starts with <see cref="Prefix"/> is exported.</summary>
public static class FlexiffusionMeters
{
    /// <summary>The common prefix.</summary>
    public const string Prefix = "Flexiffusion.";

    /// <summary>The evaluator's meter.</summary>
    public const string Evaluator = Prefix + "Evaluator";

    /// <summary>The controller's meter.</summary>
    public const string Controller = Prefix + "Controller";
}
