using System.Security.Cryptography;
using System.Text;

namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>
/// The accepted bearer tokens, kept only as SHA-256 hashes. A presented token is hashed and compared with every
/// accepted hash in constant time, so neither the comparison's duration nor its result tells which token came close.
/// </summary>
public sealed class TokenSet
{
    private const string Scheme = "Bearer ";
    private readonly byte[][] _hashes;

    private TokenSet(IEnumerable<string> tokens) => _hashes = [.. tokens.Select(Hash)];

    /// <summary>Whether any token is configured (otherwise every call is let through).</summary>
    public bool IsEnabled => _hashes.Length > 0;

    /// <summary>How many tokens are accepted.</summary>
    public int Count => _hashes.Length;

    /// <summary>A set of the given tokens (tests, embedders).</summary>
    public static TokenSet Of(params string[] tokens) => new(tokens);

    /// <summary>The tokens of <see cref="AuthOptions.Tokens"/> and <see cref="AuthOptions.TokenFile"/>.</summary>
    /// <exception cref="IOException">The token file cannot be read.</exception>
    public static TokenSet Load(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tokens = options.Tokens.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        if (!string.IsNullOrWhiteSpace(options.TokenFile))
            tokens.AddRange(ReadFile(options.TokenFile));
        return new TokenSet(tokens);
    }

    /// <summary>The tokens in a token file: one per line, blank lines and <c>#</c> comments skipped, whitespace trimmed.</summary>
    public static IReadOnlyList<string> ReadFile(string path) =>
        [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    /// <summary>Whether an <c>authorization</c> header value (<c>Bearer &lt;token&gt;</c>) carries an accepted token.</summary>
    public bool Accepts(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var presented = Hash(authorization[Scheme.Length..].Trim());
        bool accepted = false;
        foreach (var hash in _hashes)
            accepted |= CryptographicOperations.FixedTimeEquals(presented, hash);
        return accepted;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
