using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>When tokens are configured (and <see cref="AuthOptions.AnonymousMetrics"/> is not set), answers <c>/metrics</c> without an accepted bearer token with 401 (Prometheus sends one with <c>authorization.credentials_file</c>).</summary>
internal sealed class MetricsTokenMiddleware(RequestDelegate next, TokenSet tokens, IOptions<AuthOptions> options, ILogger<MetricsTokenMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase) || !tokens.IsEnabled || options.Value.AnonymousMetrics
            || tokens.Accepts(context.Request.Headers.Authorization))
        {
            return next(context);
        }
        SecurityLog.MetricsRefused(logger, context.Connection.RemoteIpAddress?.ToString());
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
