namespace Flexiffusion.Orchestration.Searches;

/// <summary>
/// One item of a search's watch stream: <see cref="StateUpdate"/> (always first, and on every state
/// change), <see cref="ProgressUpdate"/>, <see cref="GenerationUpdate"/> and, last for a completed
/// search, <see cref="ResultUpdate"/>.
/// </summary>
public abstract record SearchUpdate;
