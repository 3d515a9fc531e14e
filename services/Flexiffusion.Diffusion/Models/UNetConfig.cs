using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flexiffusion.Diffusion.Models;

/// <summary>
/// Architecture of a DDPM/ADM-style U-Net (Ho et al. 2020, the DDPM CIFAR-10 family): levels of
/// residual blocks with optional self-attention, a middle block, and a mirrored up path fed by
/// skip connections.
/// </summary>
public sealed record UNetConfig
{
    /// <summary>JSON options for reading and writing configurations (camelCase, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>A short name for reports (e.g. <c>ddpm-cifar10</c>).</summary>
    public string Name { get; init; } = "custom";

    /// <summary>Image channels in (1 for MNIST, 3 for CIFAR-10).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>Channels out; defaults to <see cref="InChannels"/> (the model predicts ε).</summary>
    public int? OutChannels { get; init; }

    /// <summary>Input height and width in pixels.</summary>
    public int Resolution { get; init; } = 32;

    /// <summary>Base channel count <c>ch</c>.</summary>
    public int BaseChannels { get; init; } = 128;

    /// <summary>Channel multiplier per level (<c>ch_mult</c>); one level per entry.</summary>
    public IReadOnlyList<int> ChannelMultipliers { get; init; } = [1, 2, 2, 2];

    /// <summary>Residual blocks per level on the down path (<c>num_res_blocks</c>).</summary>
    public int ResBlocks { get; init; } = 2;

    /// <summary>Resolutions at which blocks are followed by self-attention.</summary>
    public IReadOnlyList<int> AttentionResolutions { get; init; } = [16];

    /// <summary>Whether the middle block has self-attention (always in the reference model).</summary>
    public bool MidAttention { get; init; } = true;

    /// <summary>Dropout inside residual blocks (training only).</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>GroupNorm groups; must divide every channel count.</summary>
    public int GroupNormGroups { get; init; } = 32;

    /// <summary>The effective output channel count.</summary>
    [JsonIgnore]
    public int EffectiveOutChannels => OutChannels ?? InChannels;

    /// <summary>Checks every field; the message names the bad one.</summary>
    /// <exception cref="ArgumentException">A field is out of range or inconsistent.</exception>
    public UNetConfig Validate()
    {
        static void Require(bool ok, string field, string why)
        {
            if (!ok)
                throw new ArgumentException($"{field}: {why}", field);
        }

        Require(InChannels >= 1, "inChannels", "must be ≥ 1");
        Require(EffectiveOutChannels >= 1, "outChannels", "must be ≥ 1");
        Require(BaseChannels >= 1, "baseChannels", "must be ≥ 1");
        Require(ResBlocks >= 1, "resBlocks", "must be ≥ 1");
        Require(ChannelMultipliers is { Count: >= 1 }, "channelMultipliers", "needs at least one level");
        Require(ChannelMultipliers.All(m => m >= 1), "channelMultipliers", "every multiplier must be ≥ 1");
        Require(Dropout is >= 0 and < 1, "dropout", "must be in [0, 1)");
        Require(GroupNormGroups >= 1, "groupNormGroups", "must be ≥ 1");
        int downsamples = ChannelMultipliers.Count - 1;
        Require(Resolution >= 1 && Resolution % (1 << downsamples) == 0, "resolution",
            $"must be divisible by 2^{downsamples} (one halving per level after the first)");
        foreach (int m in ChannelMultipliers)
        {
            Require(BaseChannels * m % GroupNormGroups == 0, "groupNormGroups",
                $"{GroupNormGroups} groups do not divide {BaseChannels * m} channels");
        }
        var reachable = Enumerable.Range(0, ChannelMultipliers.Count).Select(i => Resolution >> i).ToHashSet();
        foreach (int r in AttentionResolutions)
            Require(reachable.Contains(r), "attentionResolutions", $"{r} is not a resolution of any level ({string.Join(", ", reachable)})");
        return this;
    }

    /// <summary>The configuration as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads and validates a configuration from JSON.</summary>
    /// <exception cref="ArgumentException">The JSON is malformed or a field is invalid.</exception>
    public static UNetConfig FromJson(string json)
    {
        UNetConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<UNetConfig>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"invalid U-Net configuration JSON: {e.Message}", nameof(json), e);
        }
        return (config ?? throw new ArgumentException("invalid U-Net configuration JSON: null", nameof(json))).Validate();
    }
}
