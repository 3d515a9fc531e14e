namespace Flexiffusion.Orchestration.Searches;

/// <summary>The controller is at one of its capacity limits (pending searches, watchers of a search): the request can be retried later.</summary>
public sealed class SearchCapacityException : InvalidOperationException
{
    /// <summary>An error with its reason.</summary>
    public SearchCapacityException(string message)
        : base(message)
    {
    }

    /// <summary>An error without details.</summary>
    public SearchCapacityException()
        : this("the controller is at capacity")
    {
    }

    /// <summary>An error with its reason and cause.</summary>
    public SearchCapacityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
