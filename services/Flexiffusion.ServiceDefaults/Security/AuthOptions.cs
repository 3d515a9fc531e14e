namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>
/// Who may call a service: the bearer tokens it accepts (section <c>Auth</c>). No token configured means no
/// authentication, which a service accepts only on a loopback address (or with <c>Endpoints:AllowInsecure</c>).
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auth";

    /// <summary>The shortest token accepted, so that a token cannot be guessed.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// A file of accepted tokens, one per line (blank lines and lines starting with <c>#</c> are ignored), e.g. a
    /// mounted Docker or Kubernetes secret. Several lines let a new token be rolled out before the old one is retired.
    /// </summary>
    public string? TokenFile { get; set; }

    /// <summary>Accepted tokens given directly, e.g. <c>FLEXIFFUSION_Auth__Tokens__0</c>; prefer <see cref="TokenFile"/>.</summary>
    public IList<string> Tokens { get; } = [];

    /// <summary>Whether the Prometheus <c>/metrics</c> endpoint answers without a token (for scrapers that cannot send one). Default false.</summary>
    public bool AnonymousMetrics { get; set; }
}
