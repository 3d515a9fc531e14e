using System.Security.Cryptography;
using System.Text.Json;
using Flexiffusion.Metrics.Features;
using static TorchSharp.torch;

namespace Flexiffusion.Metrics.Tests.Features;

public class ShippedFeatureModelTests
{
    [Fact]
    public void Load_ShippedClassifier_MatchesItsRecordedHashAndGivesFiniteFeatures()
    {
        string folder = Path.Combine(RepositoryRoot(), "models", "mnist-features");
        string weights = Path.Combine(folder, "classifier.bin");
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")));
        string recorded = metrics.RootElement.GetProperty("classifierSha256").GetString()!;

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(weights)));
        using var model = new MnistClassifier();
        model.load(weights);
        model.eval();
        using var noGrad = no_grad();
        using var background = full([2, 1, 32, 32], -1f);
        using var features = model.Features(background);

        Assert.Equal(recorded, actual);
        Assert.True(metrics.RootElement.GetProperty("heldOutAccuracy").GetDouble() >= 0.985);
        Assert.Equal(MnistClassifier.FeatureDimension, metrics.RootElement.GetProperty("featureDimension").GetInt32());
        Assert.True(features.isfinite().all().item<bool>());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Flexiffusion.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no Flexiffusion.sln above {AppContext.BaseDirectory}");
    }
}
