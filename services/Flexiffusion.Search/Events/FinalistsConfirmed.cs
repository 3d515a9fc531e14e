using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Search.Events;

/// <summary>The finalists were scored again under the confirmation settings; the snapshot now holds those scores.</summary>
/// <param name="Generation">The last generation of the search.</param>
/// <param name="Confirmation">The finalists with both scores, best confirmation score first.</param>
/// <param name="Snapshot">The full search state including the confirmation scores; resuming from it scores nothing.</param>
public sealed record FinalistsConfirmed(int Generation, Confirmation Confirmation, SearchSnapshot Snapshot) : SearchEvent(Generation);
