using System.Text.Json;

namespace Flexiffusion.Diffusion.Training;

/// <summary>The non-tensor part of a checkpoint: where training stands and how it got there.</summary>
public sealed record TrainingState
{
    /// <summary>Steps done.</summary>
    public int Step { get; init; }

    /// <summary>Training wall time over all sessions, in seconds.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Smoothed loss at <see cref="Step"/>.</summary>
    public double SmoothedLoss { get; init; }

    /// <summary>The loss of every step so far.</summary>
    public IReadOnlyList<double> Losses { get; init; } = [];

    /// <summary>The options the run was started with.</summary>
    public DdpmTrainingOptions Options { get; init; } = new();

    /// <summary>The U-Net configuration as JSON.</summary>
    public string ConfigJson { get; init; } = "";

    /// <summary>Serialises the state.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a state.</summary>
    public static TrainingState FromJson(string json) =>
        JsonSerializer.Deserialize<TrainingState>(json, Json) ?? throw new InvalidDataException("empty training state");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
