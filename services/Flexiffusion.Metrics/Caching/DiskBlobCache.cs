using System.Security.Cryptography;
using System.Text;

namespace Flexiffusion.Metrics.Caching;

/// <summary>An <see cref="IBlobCache"/> in a folder: one file per key (named by the key's SHA-256), written atomically.</summary>
public sealed class DiskBlobCache(string directory) : IBlobCache
{
    /// <summary>The folder.</summary>
    public string Directory { get; } = directory;

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string path = PathOf(key), temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, value, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    private string PathOf(string key) =>
        Path.Combine(Directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".blob");
}
