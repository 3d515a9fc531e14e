namespace Flexiffusion.Orchestration.Searches;

/// <summary>A search was started under the id of an existing search with another specification.</summary>
public sealed class SearchExistsException : InvalidOperationException
{
    /// <summary>An error about the search <paramref name="id"/>.</summary>
    public SearchExistsException(string id)
        : base($"search '{id}' already exists with another specification; choose another id, or delete it first")
    {
        Id = id;
    }

    /// <summary>An error without details.</summary>
    public SearchExistsException()
        : this("")
    {
    }

    /// <summary>An error with a message of its own.</summary>
    public SearchExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Id = "";
    }

    /// <summary>The id of the existing search.</summary>
    public string Id { get; }
}
