using Flexiffusion.Search.Space;

namespace Flexiffusion.Search.Evolution;

/// <summary>A hand-made schedule a user could type without a search, with the family it comes from.</summary>
/// <param name="Family">The family (<see cref="ScheduleSeeding"/> flag it belongs to).</param>
/// <param name="Name">A short name that says how to build it: <c>ddim:29</c>, <c>quadratic:29</c>, <c>deepcache:5:2</c>, <c>deepcache-nu:20:2</c>.</param>
/// <param name="Candidate">The schedule as a candidate of the segment-wise space.</param>
public sealed record KnownSchedule(ScheduleSeeding Family, string Name, Candidate Candidate);
