namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>One evaluated schedule under one sampler: a line of <c>baselines.jsonl</c>.</summary>
/// <param name="Sampler">Sampler name (<c>ddim</c>, <c>plms</c>, …).</param>
/// <param name="Family">Family name (<c>step-reduction</c>, …).</param>
/// <param name="Name">Schedule name (<c>ddim:20</c>, <c>deepcache:5:2</c>, …).</param>
/// <param name="Candidate">The candidate's canonical text.</param>
/// <param name="Plan">The plan's text.</param>
/// <param name="Nfe">Network evaluations per image.</param>
/// <param name="Macs">MACs per image.</param>
/// <param name="MacSpeedup">MAC speed-up over the teacher (every position full).</param>
/// <param name="Rfid">Fréchet distance to the reference's features.</param>
/// <param name="Kid">Unbiased kernel distance to the reference's features.</param>
/// <param name="Fid">Fréchet distance to the real training digits' features; null when not computed.</param>
/// <param name="Images">Images generated.</param>
/// <param name="NoiseSeed">Seed of the noise bank.</param>
/// <param name="Reference">What the reference is, in words.</param>
/// <param name="Identity">Everything the row's numbers depend on besides the schedule; rows are reused only when it matches.</param>
/// <param name="FidReference">Identity of the real-data features behind <paramref name="Fid"/>; null without FID.</param>
/// <param name="SamplingSeconds">Wall time of generation.</param>
/// <param name="WallSeconds">Wall time of generation, features and every distance.</param>
public sealed record BaselineRow(
    string Sampler,
    string Family,
    string Name,
    string Candidate,
    string Plan,
    int Nfe,
    long Macs,
    double MacSpeedup,
    double Rfid,
    double Kid,
    double? Fid,
    int Images,
    long NoiseSeed,
    string Reference,
    string Identity,
    string? FidReference,
    double SamplingSeconds,
    double WallSeconds);
