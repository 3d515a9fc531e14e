using System.Reflection;
using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Evaluation.Models;
using Flexiffusion.Evaluation.Scoring;
using Proto = Flexiffusion.Contracts.Common.V1;
using Settings = Flexiffusion.Search.Evaluation.EvaluationSettings;

namespace Flexiffusion.Evaluator.Services;

/// <summary>Translations between the gRPC contract and the domain types.</summary>
internal static class ProtoMapping
{
    private static readonly Settings Defaults = new();

    /// <summary>The version GetInfo reports: the host assembly's informational version.</summary>
    public static string Version { get; } = typeof(ProtoMapping).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ProtoMapping).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Settings from the wire: zero or empty fields take the documented defaults.</summary>
    public static Settings ToSettings(Proto.EvaluationSettings? settings)
    {
        if (settings is null)
            return Defaults;
        return new Settings
        {
            Model = settings.Model,
            Sampler = Or(settings.Sampler, Defaults.Sampler),
            Reference = settings.Reference,
            Eta = settings.Eta,
            TeacherSteps = settings.TeacherSteps == 0 ? Defaults.TeacherSteps : settings.TeacherSteps,
            Spacing = Or(settings.Spacing, Defaults.Spacing),
            Schedule = Or(settings.Schedule, Defaults.Schedule),
            Nulls = Or(settings.Nulls, Defaults.Nulls),
            NoiseSeed = settings.NoiseSeed,
            Images = settings.Images == 0 ? Defaults.Images : settings.Images,
            BatchSize = settings.BatchSize == 0 ? Defaults.BatchSize : settings.BatchSize,
            Bootstrap = settings.Bootstrap,
        };
    }

    /// <summary>A score on the wire.</summary>
    public static Proto.CandidateScore ToProto(ScoredCandidate score, string evaluatorId)
    {
        var proto = new Proto.CandidateScore
        {
            Candidate = score.Candidate.ToString(),
            Rfid = score.Rfid,
            Kid = score.Kid,
            Macs = score.Macs,
            MacSpeedup = score.MacSpeedup,
            Nfe = score.Nfe,
            WallSeconds = score.WallSeconds,
            ImagesPerSecond = score.ImagesPerSecond,
            EvaluatorId = evaluatorId,
        };
        proto.RfidBootstrap.AddRange(score.RfidBootstrap);
        return proto;
    }

    /// <summary>A served model on the wire.</summary>
    public static ModelInfo ToProto(ServedModel model)
    {
        var costs = new Proto.CostTable { FullMacs = model.Description.Costs.FullMacs };
        costs.PartialMacs.AddRange(model.Description.Costs.PartialMacs);
        if (model.Description.Costs is { FullLatencyMs: { } fullMs, PartialLatencyMs: { } partialMs })
        {
            costs.FullLatencyMs = fullMs;
            costs.PartialLatencyMs.AddRange(partialMs);
        }
        return new ModelInfo
        {
            Name = model.Name,
            Config = model.Config.Name,
            Checksum = model.Checksum,
            ExtractorChecksum = model.Extractor.Checksum,
            BranchCount = model.BranchCount,
            Costs = costs,
            InChannels = model.Config.InChannels,
            Resolution = model.Config.Resolution,
            Numerics = model.Numerics,
        };
    }

    private static string Or(string value, string fallback) => value.Length == 0 ? fallback : value;
}
