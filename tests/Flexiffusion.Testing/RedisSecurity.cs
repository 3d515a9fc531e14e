namespace Flexiffusion.Testing;

/// <summary>How a test's <see cref="RedisServer"/> protects itself: a <c>requirepass</c> password, an ACL user, TLS.</summary>
public sealed class RedisSecurity
{
    /// <summary>The default user's password (<c>--requirepass</c>); null leaves the default user open.</summary>
    public string? Password { get; init; }

    /// <summary>An extra ACL user with every permission, e.g. <c>flexiffusion</c>; null for none.</summary>
    public string? User { get; init; }

    /// <summary>The password of <see cref="User"/>.</summary>
    public string? UserPassword { get; init; }

    /// <summary>Serve TLS only (<c>--tls-port</c>, no plaintext port) with these PEM files; clients are not asked for certificates.</summary>
    public (string CertFile, string KeyFile, string CaFile)? Tls { get; init; }
}
