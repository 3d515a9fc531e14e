using System.Globalization;
using System.Text.Json;
using Flexiffusion.Testing;

namespace Flexiffusion.Faults.Tests.TestSupport;

/// <summary>
/// The one search every test runs, with fixed seeds: 8 teacher steps, 6 images, 4 generations of the tiny random-weights
/// model (init seed 3) scored with the shipped MNIST feature network. Long enough that faults land mid-search.
/// </summary>
internal static class TinySearch
{
    public const long InitSeed = 3;

    /// <summary>The search's flags (embedded and remote alike).</summary>
    public static IReadOnlyList<string> Args { get; } =
    [
        "search", "--steps", "8", "--images", "6", "--batch-size", "6", "--seed", "4", "--generations", "4", "--population", "8",
        "--parents", "4", "--mutations", "4", "--crossovers", "2", "--speedup", "2", "--search-seed", "7", "--json",
    ];

    /// <summary>The flags of the embedded search on the same model (no servers).</summary>
    public static IReadOnlyList<string> EmbeddedArgs(string cacheDirectory) =>
    [
        .. Args, "--config", TinyModels.Config32, "--random-weights", "--init-seed", InitSeed.ToString(CultureInfo.InvariantCulture),
        "--features", RepositoryPaths.FeatureNetwork, "--cache-dir", cacheDirectory,
    ];

    /// <summary>What a search printed with --json: its best and front (compared as JSON text) and its counts.</summary>
    public static SearchOutcome Outcome(ChildProcess search)
    {
        ArgumentNullException.ThrowIfNull(search);
        try
        {
            using var document = JsonDocument.Parse(search.StandardOutput);
            var root = document.RootElement;
            return new SearchOutcome(root.GetProperty("best").GetRawText(), root.GetProperty("front").GetRawText(),
                root.GetProperty("scored").GetInt32(), root.GetProperty("evaluations").GetInt32(), root.GetProperty("cacheHits").GetInt32());
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{search.Name} printed no JSON result: {e.Message}\n{search.Tail()}", e);
        }
    }
}
