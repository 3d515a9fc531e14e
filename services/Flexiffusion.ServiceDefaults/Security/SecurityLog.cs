using Microsoft.Extensions.Logging;

namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>The security log events; none of them carries a token, a password or a key.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(501, LogLevel.Information, "Refused {Method} from {Peer}: missing or invalid bearer token")]
    public static partial void Refused(ILogger logger, string method, string peer);

    [LoggerMessage(502, LogLevel.Information, "Security: {Authentication}; transport {Transport}; listening on {Address}")]
    public static partial void Summary(ILogger logger, string authentication, string transport, string address);

    [LoggerMessage(503, LogLevel.Warning, "Bearer tokens travel in cleartext: {Address} is not a loopback address and no TLS certificate is configured (set Endpoints:Certificate:Path unless the network is trusted)")]
    public static partial void CleartextTokens(ILogger logger, string address);

    [LoggerMessage(504, LogLevel.Warning, "Serving WITHOUT authentication on {Address} (Endpoints:AllowInsecure=true): anyone who reaches the port can call every method")]
    public static partial void Insecure(ILogger logger, string address);

    [LoggerMessage(505, LogLevel.Information, "Refused /metrics from {Peer}: missing or invalid bearer token")]
    public static partial void MetricsRefused(ILogger logger, string? peer);
}
