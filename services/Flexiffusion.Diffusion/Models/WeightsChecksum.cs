using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Flexiffusion.Diffusion.Models;

/// <summary>
/// The identity of a model's weights in every cache key (CLI, evaluator, controller): the SHA-256 of
/// the weights file, or of the configuration and seed of a random initialisation.
/// </summary>
public static class WeightsChecksum
{
    /// <summary><c>sha256:</c> and the hex SHA-256 of the weights file.</summary>
    public static string OfFile(string path) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>
    /// <c>random:</c> and the hex SHA-256 of the configuration's JSON, the initialisation seed and the
    /// initialisation scheme (<c>init=2</c>: <see cref="ParameterInit"/>'s explicit generator), so weights
    /// drawn by an earlier scheme never share a cache entry with today's.
    /// </summary>
    public static string OfRandom(UNetConfig config, long initSeed)
    {
        ArgumentNullException.ThrowIfNull(config);
        return "random:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            config.ToJson() + string.Create(CultureInfo.InvariantCulture, $"|seed={initSeed}|init=2"))));
    }
}
