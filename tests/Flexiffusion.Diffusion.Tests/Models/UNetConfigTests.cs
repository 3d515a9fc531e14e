using Flexiffusion.Diffusion.Models;

namespace Flexiffusion.Diffusion.Tests.Models;

public class UNetConfigTests
{
    [Fact]
    public void Named_ShippedConfigs_AreValid()
    {
        Assert.Contains("ddpm-cifar10", UNetConfigs.Names);
        Assert.Contains("mnist", UNetConfigs.Names);
        Assert.All(UNetConfigs.Names, n => Assert.Equal(n, UNetConfigs.Named(n).Name));
    }

    [Fact]
    public void Resolve_InlineJsonAndFile_ReadTheSameConfig()
    {
        string json = UNetConfigs.Mnist.ToJson();
        string path = Path.GetTempFileName();
        File.WriteAllText(path, json);
        try
        {
            var fromJson = UNetConfigs.Resolve(json);
            var fromFile = UNetConfigs.Resolve(path);

            Assert.Equal(json, fromJson.ToJson());
            Assert.Equal(json, fromFile.ToJson());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"resolution": 30, "channelMultipliers": [1,2,2]}""", "resolution")]
    [InlineData("""{"baseChannels": 20, "groupNormGroups": 8}""", "groupNormGroups")]
    [InlineData("""{"attentionResolutions": [7]}""", "attentionResolutions")]
    [InlineData("""{"channelMultipliers": []}""", "channelMultipliers")]
    [InlineData("""{"dropout": 1.0}""", "dropout")]
    [InlineData("""{"resBlocks": 0}""", "resBlocks")]
    [InlineData("""{"resBlocs": 2}""", "resBlocs")]
    [InlineData("""{"resBlocks": "two"}""", "resBlocks")]
    public void FromJson_BadField_NamesTheField(string json, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => UNetConfig.FromJson(json));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownName_ListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => UNetConfigs.Resolve("cifar-1000"));

        Assert.Contains("ddpm-cifar10", error.Message, StringComparison.Ordinal);
    }
}
