using Flexiffusion.Orchestration.Persistence;

namespace Flexiffusion.Controller.Tests.TestSupport;

/// <summary>A store that saves and deletes but cannot list (a store that is down when the controller starts).</summary>
internal sealed class UnlistableStore : ISearchStore
{
    private readonly InMemorySearchStore _inner = new();

    public int ListCalls { get; private set; }

    public ValueTask SaveAsync(SearchRecord record, CancellationToken cancellationToken) => _inner.SaveAsync(record, cancellationToken);

    public ValueTask DeleteAsync(string id, CancellationToken cancellationToken) => _inner.DeleteAsync(id, cancellationToken);

    public ValueTask<IReadOnlyList<SearchRecord>> ListAsync(CancellationToken cancellationToken)
    {
        ListCalls++;
        throw new IOException("the store is down");
    }
}
