using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Metrics.Features;
using Flexiffusion.Search;
using Flexiffusion.Search.Evaluation;
using TorchSharp;

namespace Flexiffusion.Scoring.Models;

/// <summary>
/// The models an evaluator serves, each loaded once at start: network on its device, MAC counts,
/// weights checksum and feature extractor (shared between models that name the same file).
/// </summary>
public sealed class ModelCatalog : IDisposable
{
    private readonly List<ServedModel> _models;
    private readonly List<IDisposable> _owned;

    private ModelCatalog(List<ServedModel> models, List<IDisposable> owned)
    {
        _models = models;
        _owned = owned;
        Descriptions = [.. models.Select(m => m.Description)];
    }

    /// <summary>The models in configuration order; the first is the default.</summary>
    public IReadOnlyList<ServedModel> Models => _models;

    /// <summary>The models as the search engine describes them.</summary>
    public IReadOnlyList<ModelDescription> Descriptions { get; }

    /// <summary>Validates and loads every model.</summary>
    /// <param name="models">The models to serve (at least one, distinct names).</param>
    /// <param name="baseDirectory">The folder relative paths are resolved against; default the working directory.</param>
    /// <exception cref="ArgumentException">A model is misconfigured; the message names it and the field.</exception>
    /// <exception cref="InvalidDataException">A weights file cannot be loaded into its configuration.</exception>
    public static ModelCatalog Load(IReadOnlyList<ServedModelOptions> models, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        string root = baseDirectory ?? Directory.GetCurrentDirectory();
        if (models.Count == 0)
            throw new ArgumentException("give at least one model to serve", nameof(models));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < models.Count; i++)
        {
            try
            {
                models[i].Validate(root);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"model {i} ('{models[i].Name}'): {FieldException.From(e).Message}", e.ParamName, e);
            }
            if (!seen.Add(models[i].Name))
                throw new FieldException(nameof(ServedModelOptions.Name), $"model {i}: '{models[i].Name}' is served twice");
        }
        var loaded = new List<ServedModel>();
        var owned = new List<IDisposable>();
        var extractors = new Dictionary<string, MnistFeatureExtractor>(StringComparer.Ordinal);
        try
        {
            foreach (var options in models)
            {
                string featuresPath = ServedModelOptions.Resolve(options.Features!, root);
                if (!extractors.TryGetValue(featuresPath, out var extractor))
                {
                    extractor = new MnistFeatureExtractor(featuresPath);
                    extractors[featuresPath] = extractor;
                    owned.Add(extractor);
                }
                loaded.Add(LoadOne(options, root, extractor, owned));
            }
            return new ModelCatalog(loaded, owned);
        }
        catch
        {
            foreach (var item in owned)
                item.Dispose();
            throw;
        }
    }

    /// <summary>The model called <paramref name="name"/>; the empty name is the first model.</summary>
    /// <exception cref="ArgumentException">No model has that name; <see cref="ArgumentException.ParamName"/> is <c>model</c>.</exception>
    public ServedModel Resolve(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return _models[0];
        return _models.Find(m => m.Name == name)
            ?? throw new FieldException("model", $"unknown model '{name}' (served: {string.Join(", ", _models.Select(m => m.Name))})");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var item in _owned)
            item.Dispose();
        _owned.Clear();
    }

    private static ServedModel LoadOne(ServedModelOptions options, string root, IFeatureExtractor extractor, List<IDisposable> owned)
    {
        var config = options.ResolveConfig(root);
        torch.Device device;
        try
        {
            device = TorchRuntime.ParseDevice(options.Device);
        }
        catch (ArgumentException e)
        {
            throw new FieldException(nameof(options.Device), $"model '{options.Name}': {FieldException.From(e).Reason}");
        }
        string? weights = options.RandomWeights ? null : ServedModelOptions.Resolve(options.Weights!, root);
        // The same seeding as the CLI's --random-weights --init-seed, so both build the same network.
        var network = new UNet(config, options.InitSeed);
        owned.Add(network);
        if (weights is not null)
        {
            try
            {
                network.load(weights);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or NotImplementedException)
            {
                throw new InvalidDataException($"model '{options.Name}': cannot load '{weights}' into configuration '{config.Name}': {e.Message}", e);
            }
        }
        network.to(device);
        string checksum = weights is null ? WeightsChecksum.OfRandom(config, options.InitSeed) : WeightsChecksum.OfFile(weights);
        var latency = options.MeasureLatency ? LatencyProfiler.Measure(network, device, options.LatencyBatchSize) : null;
        return new ServedModel(options.Name, network, device, extractor, checksum, latency);
    }
}
