using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Orchestration.Tests.TestSupport;
using Flexiffusion.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Flexiffusion.Orchestration.Tests.Searches;

/// <summary>Two managers sharing one store and one set of leases (as two controllers sharing Redis), on a fake clock.</summary>
public sealed class SearchManagerLeaseTests
{
    // Generation 0 scores 8 candidates: holding from the 10th evaluation stops the search inside generation 1.
    private const int InsideGenerationOne = 10;
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly InMemorySearchStore _store = new();
    private readonly InMemorySearchLeases _leases;

    public SearchManagerLeaseTests() => _leases = new InMemorySearchLeases(_time, Ttl);

    [Fact]
    public async Task RecoverAsync_SearchLeasedByAnotherManager_ShownAsStoredAndNeverRun()
    {
        var spec = Synthetic.Spec();
        var expected = await Synthetic.ReferenceAsync(spec);
        var gate = new Gate();
        gate.HoldFrom(InsideGenerationOne);
        await using var a = Manager(new SyntheticBackend(gate), _leases);
        var other = new SyntheticBackend();
        await using var b = Manager(other, _leases.WithOwner("b"));
        await a.StartAsync(spec, "shared");
        await gate.Waiting.WaitAsync(Patience.Limit);

        int resumed = await b.RecoverAsync();
        var shown = b.Get("shared");
        var cancel = await Assert.ThrowsAsync<SearchOwnedElsewhereException>(() => b.CancelAsync("shared"));
        var resume = await Assert.ThrowsAsync<SearchOwnedElsewhereException>(() => b.ResumeAsync("shared"));
        gate.Open();
        var done = await a.WaitAsync("shared").WaitAsync(Patience.Limit);
        // A saves its final record just after its watchers learn the result.
        int resumedLater = 0;
        await Patience.UntilAsync(async () =>
        {
            resumedLater += await b.RecoverAsync();
            return b.Get("shared").State == SearchState.Completed;
        }, "B shows the search completed");
        var shownLater = b.Get("shared");

        Assert.Equal((0, 0), (resumed, resumedLater));
        Assert.Equal(SearchState.Running, shown.State);
        Assert.Equal(1, shown.GenerationsDone);
        Assert.Contains(shown.Warnings, w => w.Contains($"runs on controller '{a.Owner}'", StringComparison.Ordinal));
        Assert.Contains(a.Owner, cancel.Message, StringComparison.Ordinal);
        Assert.Equal("shared", resume.Id);
        Assert.Equal(SearchState.Completed, shownLater.State);
        Assert.Empty(shownLater.Warnings);
        Synthetic.AssertSameResult(expected, done.Result);
        Synthetic.AssertSameResult(expected, shownLater.Result);
        Assert.Equal(0, other.EvaluatorsCreated);
    }

    [Fact]
    public async Task StartAsync_IdOfASearchAnotherManagerRuns_AnswersWithItsStoredStatus()
    {
        var gate = new Gate();
        gate.HoldFrom(InsideGenerationOne);
        await using var a = Manager(new SyntheticBackend(gate), _leases);
        var other = new SyntheticBackend();
        await using var b = Manager(other, _leases.WithOwner("b"));
        await a.StartAsync(Synthetic.Spec(), "taken");
        await gate.Waiting.WaitAsync(Patience.Limit);

        var same = await b.StartAsync(Synthetic.Spec(), "taken");
        await Assert.ThrowsAsync<SearchExistsException>(() => b.StartAsync(Synthetic.Spec(seed: 99), "taken"));
        gate.Open();
        await a.WaitAsync("taken").WaitAsync(Patience.Limit);

        Assert.Equal(SearchState.Running, same.State);
        Assert.Contains(same.Warnings, w => w.Contains(a.Owner, StringComparison.Ordinal));
        Assert.Equal(0, other.EvaluatorsCreated);
    }

    [Fact]
    public async Task Lease_OwnerCannotRenew_StopsItUnsavedAndAnotherTakesOverOnlyOnceTheLeaseExpired()
    {
        var spec = Synthetic.Spec();
        var expected = await Synthetic.ReferenceAsync(spec);
        var gate = new Gate();
        gate.HoldFrom(InsideGenerationOne);
        var link = new SeverableLeases(_leases);
        await using var a = Manager(new SyntheticBackend(gate), link);
        var other = new SyntheticBackend();
        await using var b = Manager(other, _leases.WithOwner("b"));
        await a.StartAsync(spec, "orphan");
        await gate.Waiting.WaitAsync(Patience.Limit);

        link.Severed = true;
        _time.Advance(Ttl * 2 / 3);
        await Eventually.TrueAsync(() => a.Get("orphan").Warnings.Any(w => w.Contains("could not renew", StringComparison.Ordinal)), "the owner stopped the search");
        int beforeExpiry = await b.RecoverAsync();
        var stored = _store.Get("orphan")!;
        _time.Advance(Ttl / 3);
        int afterExpiry = await b.RecoverAsync();
        var status = await b.WaitAsync("orphan").WaitAsync(Patience.Limit);

        Assert.Equal((0, 1), (beforeExpiry, afterExpiry));
        Assert.Equal(SearchState.Running, stored.State);
        Assert.Null(stored.Error);
        Assert.Equal(SearchState.Running, a.Get("orphan").State);
        Assert.Equal(SearchState.Completed, status.State);
        Synthetic.AssertSameResult(expected, status.Result);
        Assert.Equal(expected.History.Count(h => h.Generation > 0), other.Evaluations);
    }

    [Fact]
    public async Task DisposeAsync_RunningSearch_ReleasesItsLeaseSoAnotherTakesOverAtOnce()
    {
        var spec = Synthetic.Spec();
        var expected = await Synthetic.ReferenceAsync(spec);
        var gate = new Gate();
        gate.HoldFrom(InsideGenerationOne);
        var a = Manager(new SyntheticBackend(gate), _leases);
        await using var b = Manager(new SyntheticBackend(), _leases.WithOwner("b"));
        await a.StartAsync(spec, "handed-over");
        await gate.Waiting.WaitAsync(Patience.Limit);

        await a.DisposeAsync();
        int resumed = await b.RecoverAsync();
        var status = await b.WaitAsync("handed-over").WaitAsync(Patience.Limit);

        Assert.Equal(1, resumed);
        Synthetic.AssertSameResult(expected, status.Result);
    }

    [Fact]
    public async Task RecoverAsync_LapsedRunWhoseRecordTheStoreLost_TakesItUpAgainFromItsOwnSnapshot()
    {
        var spec = Synthetic.Spec();
        var expected = await Synthetic.ReferenceAsync(spec);
        var gate = new Gate();
        gate.HoldFrom(InsideGenerationOne);
        var link = new SeverableLeases(_leases);
        await using var a = Manager(new SyntheticBackend(gate), link);
        await a.StartAsync(spec, "amnesia");
        await gate.Waiting.WaitAsync(Patience.Limit);
        link.Severed = true;
        _time.Advance(Ttl * 2 / 3);
        await Eventually.TrueAsync(() => a.Get("amnesia").Warnings.Count > 0, "the owner stopped the search");

        // The store comes back without the record (a Redis restarted without persistence).
        await _store.DeleteAsync("amnesia", CancellationToken.None);
        link.Severed = false;
        gate.Open();
        int resumed = await a.RecoverAsync();
        var status = await a.WaitAsync("amnesia").WaitAsync(Patience.Limit);
        await Patience.UntilAsync(() => _store.Get("amnesia")?.State == SearchState.Completed, "the result is stored again");

        Assert.Equal(1, resumed);
        Assert.Equal(SearchState.Completed, status.State);
        Synthetic.AssertSameResult(expected, status.Result);
    }

    private SearchManager Manager(SyntheticBackend backend, ISearchLeases leases) =>
        new(backend, _store, timeProvider: _time, leases: leases);
}
