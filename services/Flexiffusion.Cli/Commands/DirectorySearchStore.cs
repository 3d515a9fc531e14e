using Flexiffusion.Orchestration.Persistence;

namespace Flexiffusion.Cli.Commands;

/// <summary>
/// The embedded search's <see cref="ISearchStore"/> for <c>--state DIR</c>: one JSON file per search,
/// replaced atomically after every generation, so a stopped search continues where it left off. A save that
/// fails (a full disk, say) throws, and is remembered in <see cref="LastFailure"/> until a save succeeds: the search
/// manager goes on without the store, and the command tells the user that the state is not being saved.
/// </summary>
public sealed class DirectorySearchStore(string directory) : ISearchStore
{
    private Exception? _lastFailure;

    /// <summary>Why the last save failed; null when it succeeded (or none was made).</summary>
    public Exception? LastFailure => Volatile.Read(ref _lastFailure);

    /// <inheritdoc />
    public async ValueTask SaveAsync(SearchRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        string path = PathOf(record.Id);
        string temporary = path + ".tmp";
        try
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(temporary, record.ToJson(), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Volatile.Write(ref _lastFailure, e);
            throw;
        }
        Volatile.Write(ref _lastFailure, null);
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string id, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(id));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SearchRecord>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
            return [];
        var records = new List<SearchRecord>();
        foreach (string path in Directory.EnumerateFiles(directory, "*.search.json").Order(StringComparer.Ordinal))
        {
            try
            {
                records.Add(SearchRecord.FromJson(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)));
            }
            catch (FormatException e)
            {
                throw new FormatException($"--state: '{path}' is not a search record ({e.Message}); move it away to start afresh", e);
            }
        }
        return records;
    }

    private string PathOf(string id) => Path.Combine(directory, id + ".search.json");
}
