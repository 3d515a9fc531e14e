using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>
/// Refuses every gRPC call without an accepted bearer token (<c>authorization: Bearer …</c>) with UNAUTHENTICATED,
/// except the health service <c>grpc.health.v1.Health</c>, which load balancers and Kubernetes probes call without
/// credentials and which tells only whether the service serves. Reflection is not exempt. Without configured tokens
/// every call passes.
/// </summary>
public sealed class BearerTokenInterceptor(TokenSet tokens, ILogger<BearerTokenInterceptor> logger) : Interceptor
{
    /// <summary>The status detail of a refused call: the same whether the token was missing or wrong.</summary>
    public const string Refusal = "missing or invalid bearer token";

    private const string HealthPrefix = "/grpc.health.v1.Health/";

    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(request, context);
    }

    /// <inheritdoc />
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(requestStream, context);
    }

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(request, responseStream, context);
    }

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        if (!tokens.IsEnabled || context.Method.StartsWith(HealthPrefix, StringComparison.Ordinal))
            return;
        if (tokens.Accepts(context.RequestHeaders.GetValue("authorization")))
            return;
        SecurityLog.Refused(logger, context.Method, context.Peer);
        throw new RpcException(new Status(StatusCode.Unauthenticated, Refusal));
    }
}
