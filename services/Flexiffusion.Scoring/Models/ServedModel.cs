using Flexiffusion.Diffusion.Macs;
using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Metrics.Features;
using Flexiffusion.Search.Evaluation;
using static TorchSharp.torch;

namespace Flexiffusion.Scoring.Models;

/// <summary>A loaded model of a <see cref="ModelCatalog"/>: network, feature extractor, MAC counts and checksums.</summary>
public sealed class ServedModel
{
    internal ServedModel(string name, UNet network, Device device, IFeatureExtractor extractor, string checksum, LatencyReport? latency = null)
    {
        Name = name;
        Network = network;
        Device = device;
        Extractor = extractor;
        Checksum = checksum;
        Macs = MacCounter.Count(network.Layout);
        Latency = latency;
        Numerics = NumericsPolicy.Describe(device);
        Description = new ModelDescription(name, Config.Name, checksum, extractor.Checksum,
            new Search.Costs.CostTable(Macs.Full, Macs.Partial.Select(p => (double)p), latency?.FullMs, latency?.PartialMs), Numerics);
    }

    /// <summary>Step latencies measured on <see cref="Device"/> when the model was loaded (null when not asked for).</summary>
    public LatencyReport? Latency { get; }

    /// <summary>The name requests use.</summary>
    public string Name { get; }

    /// <summary>The U-Net configuration.</summary>
    public UNetConfig Config => Network.Layout.Config;

    /// <summary>The device the network runs on.</summary>
    public Device Device { get; }

    /// <summary>Identity of the weights: <c>sha256:…</c> of the file, or <c>random:…</c> of the configuration and seed.</summary>
    public string Checksum { get; }

    /// <summary>The numerics class of <see cref="Device"/> in this process (part of every evaluation identity).</summary>
    public string Numerics { get; }

    /// <summary>The feature network rFID is measured in.</summary>
    public IFeatureExtractor Extractor { get; }

    /// <summary>MACs per image of a full step and of a partial step per branch.</summary>
    public MacReport Macs { get; }

    /// <summary>Name, checksums and cost table, as the search engine sees the model.</summary>
    public ModelDescription Description { get; }

    /// <summary>Number of cache branches (0..BranchCount−1).</summary>
    public int BranchCount => Macs.BranchCount;

    internal UNet Network { get; }
}
