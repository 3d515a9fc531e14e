using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Flexiffusion.Cli.Commands;

/// <summary>The quality bar's numbers, with the bar itself: mean confidence ≥ 0.90 and every digit 5–15%.</summary>
public sealed record QualityReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>DDPM weights scored.</summary>
    public required string Weights { get; init; }

    /// <summary>Feature network used.</summary>
    public required string Classifier { get; init; }

    /// <summary>How samples were drawn.</summary>
    public required string Sampler { get; init; }

    /// <summary>Samples generated.</summary>
    public required int Samples { get; init; }

    /// <summary>Mean top-class probability of the samples.</summary>
    public required double MeanConfidence { get; init; }

    /// <summary>Share of samples classified as each digit.</summary>
    public required IReadOnlyList<double> DigitShares { get; init; }

    /// <summary>FID of all samples against the training digits.</summary>
    public required double Fid { get; init; }

    /// <summary>FID of the first 1,000 samples against the training digits (same count as the noise floor).</summary>
    public required double Fid1000 { get; init; }

    /// <summary>FID of the 1,000 held-out real digits against the training digits.</summary>
    public required double NoiseFloorFid { get; init; }

    /// <summary>FID of the undertrained checkpoint's samples, if scored.</summary>
    public double? UndertrainedFid { get; init; }

    /// <summary>Samples from the undertrained checkpoint, if scored.</summary>
    public int? UndertrainedSamples { get; init; }

    /// <summary>The feature network's accuracy on the held-out digits.</summary>
    public required double HeldOutAccuracy { get; init; }

    /// <summary>Wall time of the whole evaluation.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Whether the bar is met.</summary>
    public bool Passes => MeanConfidence >= 0.90 && DigitShares.All(s => s is >= 0.05 and <= 0.15);

    /// <summary>The report as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The report as a Markdown table.</summary>
    public string ToMarkdown()
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"| measure | value | bar |");
        text.AppendLine("|---|---|---|");
        text.AppendLine(inv, $"| mean top-class confidence ({Samples} samples) | {MeanConfidence:F4} | ≥ 0.90 {(MeanConfidence >= 0.90 ? "✓" : "✗")} |");
        text.AppendLine(inv, $"| digit shares 0–9 | {string.Join(" ", DigitShares.Select(s => (s * 100).ToString("F1", inv)))} % | each 5–15 % {(DigitShares.All(s => s is >= 0.05 and <= 0.15) ? "✓" : "✗")} |");
        text.AppendLine(inv, $"| FID, {Samples} samples vs 9,000 training digits | {Fid:F3} | |");
        text.AppendLine(inv, $"| FID, first 1,000 samples vs training digits | {Fid1000:F3} | |");
        text.AppendLine(inv, $"| FID, 1,000 held-out real digits vs training digits (noise floor) | {NoiseFloorFid:F3} | |");
        if (UndertrainedFid is { } under)
            text.AppendLine(inv, $"| FID, {UndertrainedSamples} samples of the undertrained checkpoint | {under:F3} | |");
        text.AppendLine(inv, $"| feature network held-out accuracy | {HeldOutAccuracy:P2} | |");
        text.AppendLine();
        text.AppendLine(inv, $"Sampler: {Sampler}. Weights: `{Weights}`. Feature network: `{Classifier}`. Wall time {WallSeconds:F0} s.");
        return text.ToString();
    }
}
