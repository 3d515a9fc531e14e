using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>What <c>flexiffusion baselines</c> was asked to do, checked.</summary>
/// <param name="Samplers">Samplers every schedule runs under, in the order given.</param>
/// <param name="Families">Schedule families.</param>
/// <param name="Steps">Full-step counts of the k-step families and of DeepCache non-uniform.</param>
/// <param name="Intervals">Intervals N of DeepCache uniform.</param>
/// <param name="Images">Images per schedule (one noise bank for all).</param>
/// <param name="Reference">Sampler of the reference (every position full).</param>
/// <param name="Fid">Whether FID against the real digits is computed too.</param>
/// <param name="FeaturesPath">Feature network weights.</param>
/// <param name="CacheDir">Disk cache of reference features and real-data statistics.</param>
/// <param name="OutDir">Folder of the journal and the fronts.</param>
/// <param name="Json">Print JSON instead of tables.</param>
public sealed record BaselinesRequest(
    IReadOnlyList<SamplerKind> Samplers,
    ScheduleSeeding Families,
    IReadOnlyList<int> Steps,
    IReadOnlyList<int> Intervals,
    int Images,
    SamplerKind Reference,
    bool Fid,
    string FeaturesPath,
    string CacheDir,
    string OutDir,
    bool Json);
