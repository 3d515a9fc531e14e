namespace Flexiffusion.Orchestration.Searches;

/// <summary>A search is run by another controller sharing the store (it holds the search's lease): act on it there.</summary>
public sealed class SearchOwnedElsewhereException : InvalidOperationException
{
    /// <summary>An error about the search <paramref name="id"/>, saying why.</summary>
    public SearchOwnedElsewhereException(string id, string why)
        : base($"search '{id}' is not run by this controller: {why}")
    {
        Id = id;
    }

    /// <summary>An error about the search <paramref name="id"/>.</summary>
    public SearchOwnedElsewhereException(string id)
        : this(id, "another controller holds its lease")
    {
    }

    /// <summary>An error without details.</summary>
    public SearchOwnedElsewhereException()
        : this("")
    {
    }

    /// <summary>An error with a message of its own.</summary>
    public SearchOwnedElsewhereException(string message, Exception innerException)
        : base(message, innerException)
    {
        Id = "";
    }

    /// <summary>The id of the search.</summary>
    public string Id { get; }
}
