namespace Flexiffusion.Orchestration.Persistence;

/// <summary>A store refused to write a search's record: another process holds the search's lease.</summary>
public sealed class SearchLeaseLostException : InvalidOperationException
{
    /// <summary>An error about the search <paramref name="id"/>.</summary>
    public SearchLeaseLostException(string id)
        : base($"search '{id}' is leased to another controller; its record was not written")
    {
        Id = id;
    }

    /// <summary>An error without details.</summary>
    public SearchLeaseLostException()
        : this("")
    {
    }

    /// <summary>An error with a message of its own.</summary>
    public SearchLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
        Id = "";
    }

    /// <summary>The id of the search.</summary>
    public string Id { get; }
}
