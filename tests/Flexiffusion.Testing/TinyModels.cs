namespace Flexiffusion.Testing;

/// <summary>U-Net configurations small enough that torch tests sample in milliseconds.</summary>
public static class TinyModels
{
    /// <summary>A 1×32×32 configuration (the MNIST image size, so the shipped feature network reads its images).</summary>
    public const string Config32 = """{"name":"tiny32","inChannels":1,"resolution":32,"baseChannels":8,"channelMultipliers":[1,2],"resBlocks":1,"attentionResolutions":[],"midAttention":false,"dropout":0,"groupNormGroups":4}""";
}
