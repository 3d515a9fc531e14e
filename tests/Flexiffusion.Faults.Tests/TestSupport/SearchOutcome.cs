namespace Flexiffusion.Faults.Tests.TestSupport;

/// <summary>A finished search as printed with --json: what is compared (best, front) and the counts reported.</summary>
/// <param name="Best">The best candidate's JSON.</param>
/// <param name="Front">The front's JSON.</param>
/// <param name="Scored">Candidates the search scored, from every source.</param>
/// <param name="Evaluations">Candidates its last run sent to evaluators.</param>
/// <param name="CacheHits">Candidates its last run took from the candidate cache.</param>
internal sealed record SearchOutcome(string Best, string Front, int Scored, int Evaluations, int CacheHits);
