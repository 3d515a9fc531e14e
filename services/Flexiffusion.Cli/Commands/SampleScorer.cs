using Flexiffusion.Metrics.Features;
using Flexiffusion.Metrics.Statistics;
using static TorchSharp.torch;

namespace Flexiffusion.Cli.Commands;

/// <summary>Runs images through the feature network: features into statistics, top-class predictions into a list.</summary>
public sealed class SampleScorer(MnistClassifier classifier)
{
    private const int Chunk = 500;

    /// <summary>
    /// Adds the features of <paramref name="images"/> to <paramref name="statistics"/> (and those of the
    /// first <paramref name="headCount"/> images also to <paramref name="head"/>) and their predictions
    /// to <paramref name="predictions"/>.
    /// </summary>
    public void Score(Tensor images, GaussianStatistics statistics, List<(int Label, double Confidence)>? predictions,
        GaussianStatistics? head = null, long headCount = 0)
    {
        using var noGrad = no_grad();
        for (long start = 0; start < images.shape[0]; start += Chunk)
        {
            using var scope = NewDisposeScope();
            var batch = images[TensorIndex.Slice(start, Math.Min(start + Chunk, images.shape[0]))];
            var features = classifier.Features(batch);
            statistics.Add(features);
            if (head is not null && start < headCount)
                head.Add(features[TensorIndex.Slice(0, Math.Min(features.shape[0], headCount - start))]);
            if (predictions is null)
                continue;
            var (confidence, label) = classifier.Probabilities(batch).max(1);
            var c = confidence.to(ScalarType.Float64).data<double>().ToArray();
            var l = label.data<long>().ToArray();
            for (int i = 0; i < c.Length; i++)
                predictions.Add(((int)l[i], c[i]));
        }
    }

    /// <summary>The feature statistics and predictions of a set of images (disposed afterwards).</summary>
    public GaussianStatistics Statistics(Tensor images, out List<(int Label, double Confidence)> predictions)
    {
        using (images)
        {
            var statistics = new GaussianStatistics(MnistClassifier.FeatureDimension);
            predictions = [];
            Score(images, statistics, predictions);
            return statistics;
        }
    }
}
