namespace Flexiffusion.Controller.Grpc;

/// <summary>The gRPC service's structured log messages.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(301, LogLevel.Error, "Unexpected error in a SearchService call")]
    public static partial void Unexpected(ILogger logger, Exception error);
}
