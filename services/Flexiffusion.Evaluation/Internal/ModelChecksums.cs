using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Flexiffusion.Diffusion.Models;

namespace Flexiffusion.Evaluation.Internal;

/// <summary>
/// The identity of a model's weights, computed exactly as the CLI's <c>ModelOptions.Checksum</c> does so
/// that the same weights get the same cache keys everywhere.
/// </summary>
internal static class ModelChecksums
{
    /// <summary><c>sha256:</c> and the hex SHA-256 of the weights file.</summary>
    public static string OfFile(string path) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary><c>random:</c> and the hex SHA-256 of the configuration's JSON and the initialisation seed.</summary>
    public static string OfRandom(UNetConfig config, long initSeed) =>
        "random:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            config.ToJson() + string.Create(CultureInfo.InvariantCulture, $"|seed={initSeed}"))));
}
