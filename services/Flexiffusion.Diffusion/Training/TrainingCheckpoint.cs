using System.Globalization;
using Flexiffusion.Diffusion.Models;
using TorchSharp.Modules;

namespace Flexiffusion.Diffusion.Training;

/// <summary>
/// Checkpoints of a run folder: <c>checkpoints/step-NNNNNN/</c> with the weights, the EMA weights,
/// the Adam state and <c>state.json</c>. Written to a temporary folder and renamed, so an interrupted
/// save never leaves a half checkpoint; the newest <see cref="Keep"/> are kept.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>Checkpoints kept per run.</summary>
    public const int Keep = 3;

    /// <summary>Saves a checkpoint; returns its folder.</summary>
    public static string Save(string runDirectory, UNet model, UNet ema, Adam optimizer, TrainingState state)
    {
        string root = Path.Combine(runDirectory, "checkpoints");
        Directory.CreateDirectory(root);
        string final = Path.Combine(root, "step-" + state.Step.ToString("D6", CultureInfo.InvariantCulture));
        string temp = final + ".partial";
        if (Directory.Exists(temp))
            Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        model.save(Path.Combine(temp, "model.bin"));
        ema.save(Path.Combine(temp, "ema.bin"));
        optimizer.save_state_dict(Path.Combine(temp, "optimizer.bin"));
        File.WriteAllText(Path.Combine(temp, "state.json"), state.ToJson());
        if (Directory.Exists(final))
            Directory.Delete(final, recursive: true);
        Directory.Move(temp, final);
        foreach (string old in All(runDirectory).SkipLast(Keep))
            Directory.Delete(old, recursive: true);
        return final;
    }

    /// <summary>The newest complete checkpoint of a run, or null.</summary>
    public static string? Latest(string runDirectory) => All(runDirectory).LastOrDefault();

    /// <summary>Loads a checkpoint into the given modules and optimizer; returns its state.</summary>
    /// <exception cref="InvalidDataException">A file is missing.</exception>
    public static TrainingState Load(string checkpoint, UNet model, UNet ema, Adam optimizer)
    {
        foreach (string file in new[] { "model.bin", "ema.bin", "optimizer.bin", "state.json" })
        {
            if (!File.Exists(Path.Combine(checkpoint, file)))
                throw new InvalidDataException($"checkpoint '{checkpoint}' lacks {file}");
        }
        model.load(Path.Combine(checkpoint, "model.bin"));
        ema.load(Path.Combine(checkpoint, "ema.bin"));
        optimizer.load_state_dict(Path.Combine(checkpoint, "optimizer.bin"));
        return TrainingState.FromJson(File.ReadAllText(Path.Combine(checkpoint, "state.json")));
    }

    private static IEnumerable<string> All(string runDirectory)
    {
        string root = Path.Combine(runDirectory, "checkpoints");
        return Directory.Exists(root)
            ? Directory.GetDirectories(root, "step-*").Where(d => !d.EndsWith(".partial", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [];
    }
}
