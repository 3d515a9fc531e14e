using System.Security.Cryptography;
using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Scoring.Models;
using Flexiffusion.Scoring.Tests.TestSupport;
using Flexiffusion.Testing;

namespace Flexiffusion.Scoring.Tests.Models;

public sealed class ModelCatalogTests
{
    [Fact]
    public void Load_TinyRandomModel_DescribesCostsAndChecksums()
    {
        using var catalog = TinyModel.Catalog();
        var expected = MacCounter.Count(UNetConfig.FromJson(TinyModel.Config));

        var model = Assert.Single(catalog.Descriptions);

        Assert.Equal(("tiny", "tiny32"), (model.Name, model.Config));
        Assert.StartsWith("random:", model.Checksum, StringComparison.Ordinal);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepositoryPaths.FeatureNetwork))) + "+pad32-pm1", model.ExtractorChecksum);
        Assert.Equal(expected.Full, model.Costs.FullMacs);
        Assert.Equal(expected.Partial.Select(p => (double)p), model.Costs.PartialMacs);
        Assert.Equal(expected.BranchCount, catalog.Models[0].BranchCount);
        Assert.Equal((1, 32), (catalog.Models[0].Config.InChannels, catalog.Models[0].Config.Resolution));
    }

    [Fact]
    public void Load_MeasureLatency_ServesMeasuredStepLatenciesInTheCostTable()
    {
        var measured = TinyModel.Options();
        measured.MeasureLatency = true;
        measured.LatencyBatchSize = 4;
        var unmeasured = TinyModel.Options("plain");
        using var catalog = TinyModel.Catalog(measured, unmeasured);

        var costs = catalog.Descriptions[0].Costs;
        var latency = Assert.IsType<LatencyReport>(catalog.Models[0].Latency);

        Assert.True(costs.HasLatency);
        Assert.Equal(latency.FullMs, costs.FullLatencyMs);
        Assert.Equal(latency.PartialMs, costs.PartialLatencyMs!.Value);
        Assert.Equal((4, catalog.Models[0].BranchCount), (latency.BatchSize, latency.PartialMs.Count));
        Assert.False(catalog.Descriptions[1].Costs.HasLatency);
        Assert.Null(catalog.Models[1].Latency);
    }

    [Fact]
    public void Load_RandomWeights_ChecksumFollowsTheSeed()
    {
        using var a = TinyModel.Catalog(TinyModel.Options(initSeed: 1));
        using var b = TinyModel.Catalog(TinyModel.Options(initSeed: 1));
        using var c = TinyModel.Catalog(TinyModel.Options(initSeed: 2));

        Assert.Equal(a.Models[0].Checksum, b.Models[0].Checksum);
        Assert.NotEqual(a.Models[0].Checksum, c.Models[0].Checksum);
    }

    [Fact]
    public void Load_ShippedModelWithRelativePaths_ChecksumIsTheWeightsFileHash()
    {
        var options = new ServedModelOptions
        {
            Name = "mnist", Config = "mnist", Weights = "models/mnist-ddpm/ema.bin", Features = "models/mnist-features/classifier.bin",
        };

        using var catalog = ModelCatalog.Load([options], RepositoryPaths.Root);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RepositoryPaths.MnistDdpm))), catalog.Models[0].Checksum);
        Assert.Equal(9, catalog.Models[0].BranchCount);
    }

    [Fact]
    public void Load_TwoModelsOneFeatureFile_ShareTheExtractor()
    {
        using var catalog = TinyModel.Catalog(TinyModel.Options("a"), TinyModel.Options("b", initSeed: 9));

        Assert.Same(catalog.Models[0].Extractor, catalog.Models[1].Extractor);
        Assert.Equal(["a", "b"], catalog.Descriptions.Select(d => d.Name));
    }

    [Fact]
    public void Resolve_EmptyOrUnknownName_FirstModelOrErrorNamingModel()
    {
        using var catalog = TinyModel.Catalog(TinyModel.Options("a"), TinyModel.Options("b"));

        var first = catalog.Resolve("");
        var named = catalog.Resolve("b");
        var error = Assert.ThrowsAny<ArgumentException>(() => catalog.Resolve("c"));

        Assert.Equal(("a", "b"), (first.Name, named.Name));
        Assert.Equal("model", error.ParamName);
        Assert.Contains("unknown model 'c' (served: a, b)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing-weights", "Weights")]
    [InlineData("both-weights", "Weights")]
    [InlineData("no-weights", "Weights")]
    [InlineData("missing-features", "Features")]
    [InlineData("bad-config", "Config")]
    [InlineData("bad-name", "Name")]
    [InlineData("duplicate", "Name")]
    [InlineData("latency-batch", "LatencyBatchSize")]
    public void Load_Misconfigured_ThrowsNamingTheField(string problem, string field)
    {
        var options = TinyModel.Options();
        var second = TinyModel.Options("other");
        switch (problem)
        {
            case "missing-weights": options.RandomWeights = false; options.Weights = "models/none.bin"; break;
            case "both-weights": options.Weights = RepositoryPaths.MnistDdpm; break;
            case "no-weights": options.RandomWeights = false; break;
            case "missing-features": options.Features = "models/none.bin"; break;
            case "bad-config": options.Config = "no-such-config"; break;
            case "bad-name": options.Name = "a b"; break;
            case "duplicate": second.Name = options.Name; break;
            case "latency-batch": options.LatencyBatchSize = 0; break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => ModelCatalog.Load([options, second], RepositoryPaths.Root));

        Assert.Equal(field, error.ParamName);
        Assert.Contains($"{field}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WeightsOfAnotherConfiguration_ThrowsInvalidData()
    {
        var options = TinyModel.Options();
        options.RandomWeights = false;
        options.Weights = RepositoryPaths.MnistDdpm;

        var error = Assert.Throws<InvalidDataException>(() => ModelCatalog.Load([options], RepositoryPaths.Root));

        Assert.Contains("cannot load", error.Message, StringComparison.Ordinal);
    }
}
