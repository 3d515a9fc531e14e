namespace Flexiffusion.Diffusion.Data;

/// <summary>The MNIST data could not be fetched, verified or read; the message says what to do.</summary>
public sealed class MnistDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MnistDataException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public MnistDataException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public MnistDataException()
    {
    }
}
