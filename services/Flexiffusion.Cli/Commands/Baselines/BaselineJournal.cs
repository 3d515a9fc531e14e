using System.Text.Json;

namespace Flexiffusion.Cli.Commands.Baselines;

/// <summary>
/// <c>baselines.jsonl</c>: one row per evaluated schedule, appended and flushed to disk as soon as it is known, so a
/// stopped run loses at most the schedule in progress. A half-written last line (a killed process) is cut off on
/// reading; other unreadable lines are skipped.
/// </summary>
public sealed class BaselineJournal(string path)
{
    private bool _needsNewline;

    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>Every readable row, in file order; a half-written last line is removed from the file.</summary>
    public IReadOnlyList<BaselineRow> Read(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!File.Exists(Path))
            return [];
        byte[] bytes = File.ReadAllBytes(Path);
        var rows = new List<BaselineRow>();
        int unreadable = 0;
        for (int start = 0; start < bytes.Length;)
        {
            int newline = Array.IndexOf(bytes, (byte)'\n', start);
            int stop = newline < 0 ? bytes.Length : newline;
            var line = bytes.AsSpan(start, stop - start);
            var row = line.Trim(" \t\r"u8).IsEmpty ? null : TryParse(line);
            if (row is not null)
                rows.Add(row);
            if (newline < 0)
            {
                if (row is null && !line.Trim(" \t\r"u8).IsEmpty)
                {
                    Truncate(start);
                    log.WriteLine($"flexiffusion: baselines: ignored a half-written last line of {Path} (removed)");
                }
                else
                {
                    _needsNewline = stop > 0;
                }
                break;
            }
            if (row is null && !line.Trim(" \t\r"u8).IsEmpty)
                unreadable++;
            start = newline + 1;
        }
        if (unreadable > 0)
            log.WriteLine($"flexiffusion: baselines: skipped {unreadable} unreadable line(s) of {Path}");
        return rows;
    }

    /// <summary>Appends one row as a line and flushes it to disk.</summary>
    public void Append(BaselineRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(row, BaselineJson.Line);
        byte[] line = [.. _needsNewline ? "\n"u8 : [], .. json, .. "\n"u8];
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(line);
        stream.Flush(flushToDisk: true);
        _needsNewline = false;
    }

    private static BaselineRow? TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize<BaselineRow>(line, BaselineJson.Line);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Truncate(int length)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.Read);
        stream.SetLength(length);
    }
}
