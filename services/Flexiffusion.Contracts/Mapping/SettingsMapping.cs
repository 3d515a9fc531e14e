using Domain = Flexiffusion.Search.Evaluation.EvaluationSettings;
using Proto = Flexiffusion.Contracts.Common.V1.EvaluationSettings;

namespace Flexiffusion.Contracts.Mapping;

/// <summary>Evaluation settings between the wire and the domain: the one mapping the controller, the evaluator and the CLI share.</summary>
public static class SettingsMapping
{
    private static readonly Domain Defaults = new();

    /// <summary>Settings from the wire: unset fields take the documented defaults.</summary>
    /// <param name="settings">The message; null means all defaults.</param>
    /// <param name="prefix">The message's field path in the request (e.g. <c>settings</c>), for errors.</param>
    /// <exception cref="ArgumentException">An enum value is unknown; the parameter name is the full field path.</exception>
    public static Domain ToDomain(Proto? settings, string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (settings is null)
            return Defaults;
        return new Domain
        {
            Model = settings.Model,
            Sampler = EnumNames.Name(settings.Sampler, Defaults.Sampler, prefix + ".sampler"),
            Reference = EnumNames.Name(settings.Reference, "", prefix + ".reference"),
            Eta = settings.HasEta ? settings.Eta : Defaults.Eta,
            TeacherSteps = settings.TeacherSteps == 0 ? Defaults.TeacherSteps : settings.TeacherSteps,
            Spacing = EnumNames.Name(settings.Spacing, Defaults.Spacing, prefix + ".spacing"),
            Schedule = EnumNames.Name(settings.Schedule, Defaults.Schedule, prefix + ".schedule"),
            Nulls = EnumNames.Name(settings.Nulls, Defaults.Nulls, prefix + ".nulls"),
            NoiseSeed = settings.HasNoiseSeed ? settings.NoiseSeed : Defaults.NoiseSeed,
            Images = settings.Images == 0 ? Defaults.Images : settings.Images,
            BatchSize = settings.BatchSize == 0 ? Defaults.BatchSize : settings.BatchSize,
            Bootstrap = settings.Bootstrap,
        };
    }

    /// <summary>Settings on the wire with every field explicit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A name the contract does not know (validate the settings first).</exception>
    public static Proto ToProto(Domain settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new Proto
        {
            Model = settings.Model,
            Sampler = EnumNames.ToSampler(settings.Sampler),
            Reference = EnumNames.ToSampler(settings.Reference),
            Eta = settings.Eta,
            TeacherSteps = settings.TeacherSteps,
            Spacing = EnumNames.ToSpacing(settings.Spacing),
            Schedule = EnumNames.ToSchedule(settings.Schedule),
            Nulls = EnumNames.ToNullStep(settings.Nulls),
            NoiseSeed = settings.NoiseSeed,
            Images = settings.Images,
            BatchSize = settings.BatchSize,
            Bootstrap = settings.Bootstrap,
        };
    }
}
