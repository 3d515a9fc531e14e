using System.CommandLine;
using Flexiffusion.Scoring.Models;

namespace Flexiffusion.Cli.Commands;

/// <summary>
/// <c>flexiffusion search</c>: the evolutionary search for a faster schedule under a compute budget,
/// scored by rFID. Embedded by default (no servers); with <c>--controller URL</c> the same request
/// runs on a search controller and its evaluators.
/// </summary>
public static class SearchCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var model = new ModelOptions("mnist", "models/mnist-ddpm/ema.bin");
        var generation = new GenerationOptions();
        var space = new SpaceOptions();
        var search = new SearchOptions();
        var features = new Option<string>("--features") { Description = "Feature network weights (embedded mode)", DefaultValueFactory = _ => "models/mnist-features/classifier.bin" };
        var cacheDir = new Option<string>("--cache-dir") { Description = "Disk cache of teacher features (embedded mode)", DefaultValueFactory = _ => Path.Combine(Diffusion.Data.MnistArchive.DefaultCacheDirectory, "evaluations") };
        var state = new Option<string?>("--state") { Description = "Save the search after every generation in DIR; the same command continues it (embedded mode)" };
        var id = new Option<string>("--id") { Description = "The search's id (with --state or --controller)", DefaultValueFactory = _ => "search" };
        var controller = new Option<string?>("--controller") { Description = "Run on a search controller, e.g. http://127.0.0.1:5100, instead of in this process" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var detach = new Option<bool>("--detach")
        {
            Description = "With --controller: Ctrl+C leaves the search running on the controller (the same command re-attaches) instead of cancelling it",
        };
        var access = new ControllerAccessOptions();
        var command = new Command("search", "Search a segment-wise schedule (full / partial / null steps) that is faster under a compute budget, scored by rFID")
        {
            features, cacheDir, state, id, controller, json, detach,
        };
        model.AddTo(command);
        generation.AddTo(command);
        space.AddTo(command, includeSteps: false);
        search.AddTo(command);
        access.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = new SearchPrinter(context, parse.GetValue(json));
            string? remote = parse.GetValue(controller);
            if (remote is not null)
            {
                var remoteSpec = search.Build(parse, space, generation, model: "");
                return await RemoteSearch.RunAsync(context, remote, access.Build(parse), remoteSpec, parse.GetValue(id)!, parse.GetValue(detach), printer, cancellationToken);
            }
            string configValue = parse.GetValue(model.Config)!;
            var config = ConfigOption.Resolve(configValue);
            string featuresPath = parse.GetValue(features)!;
            if (!File.Exists(featuresPath))
                throw new UsageException($"--features: no such file '{featuresPath}'");
            string? weights = model.WeightsPath(parse);
            var served = new ServedModelOptions
            {
                Name = config.Name,
                Config = configValue,
                Weights = weights,
                RandomWeights = weights is null,
                InitSeed = parse.GetValue(model.InitSeed),
                Features = featuresPath,
                Device = parse.GetValue(generation.Device)!,
            };
            var spec = search.Build(parse, space, generation, model: "");
            return await EmbeddedSearch.RunAsync(context, spec, served, parse.GetValue(id)!, parse.GetValue(cacheDir)!, parse.GetValue(state),
                printer, cancellationToken);
        });
        return command;
    }
}
