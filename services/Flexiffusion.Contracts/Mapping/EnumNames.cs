using Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Contracts.Mapping;

/// <summary>The contract's enums and the domain's names for them (the names the CLI and the docs use), in one table each.</summary>
public static class EnumNames
{
    private static readonly (Sampler Value, string Name)[] Samplers =
        [(Sampler.Ddim, "ddim"), (Sampler.Ddpm, "ddpm"), (Sampler.Plms, "plms"), (Sampler.DpmSolverPp, "dpm-solver++")];

    private static readonly (TimestepSpacing Value, string Name)[] Spacings =
        [(TimestepSpacing.Uniform, "uniform"), (TimestepSpacing.Quadratic, "quadratic")];

    private static readonly (NoiseSchedule Value, string Name)[] Schedules =
        [(NoiseSchedule.Linear, "linear"), (NoiseSchedule.Cosine, "cosine")];

    private static readonly (NullStep Value, string Name)[] NullSteps =
        [(NullStep.Skip, "skip"), (NullStep.Reuse, "reuse")];

    /// <summary>The sampler's name; <paramref name="unset"/> for <see cref="Sampler.Unspecified"/>.</summary>
    /// <exception cref="ArgumentException">An unknown value; the parameter name is <paramref name="field"/>.</exception>
    public static string Name(Sampler value, string unset, string field) => NameOf(Samplers, value, Sampler.Unspecified, unset, field);

    /// <summary>The spacing's name; <paramref name="unset"/> for the unspecified value.</summary>
    public static string Name(TimestepSpacing value, string unset, string field) => NameOf(Spacings, value, TimestepSpacing.Unspecified, unset, field);

    /// <summary>The schedule's name; <paramref name="unset"/> for the unspecified value.</summary>
    public static string Name(NoiseSchedule value, string unset, string field) => NameOf(Schedules, value, NoiseSchedule.Unspecified, unset, field);

    /// <summary>The null step's name; <paramref name="unset"/> for the unspecified value.</summary>
    public static string Name(NullStep value, string unset, string field) => NameOf(NullSteps, value, NullStep.Unspecified, unset, field);

    /// <summary>The sampler of a name; <see cref="Sampler.Unspecified"/> for an empty name.</summary>
    public static Sampler ToSampler(string name) => ValueOf(Samplers, name, Sampler.Unspecified);

    /// <summary>The spacing of a name.</summary>
    public static TimestepSpacing ToSpacing(string name) => ValueOf(Spacings, name, TimestepSpacing.Unspecified);

    /// <summary>The schedule of a name.</summary>
    public static NoiseSchedule ToSchedule(string name) => ValueOf(Schedules, name, NoiseSchedule.Unspecified);

    /// <summary>The null step of a name.</summary>
    public static NullStep ToNullStep(string name) => ValueOf(NullSteps, name, NullStep.Unspecified);

    private static string NameOf<T>((T Value, string Name)[] table, T value, T unspecified, string unset, string field) where T : struct, Enum
    {
        if (EqualityComparer<T>.Default.Equals(value, unspecified))
            return unset;
        foreach (var (v, name) in table)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
                return name;
        }
        throw new ArgumentException($"{field}: unknown value {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)} (expected {string.Join(", ", table.Select(t => t.Name))})", field);
    }

    private static T ValueOf<T>((T Value, string Name)[] table, string name, T unspecified) where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
            return unspecified;
        foreach (var (v, n) in table)
        {
            if (n == name)
                return v;
        }
        throw new ArgumentOutOfRangeException(nameof(name), name, "no such value in the contract");
    }
}
