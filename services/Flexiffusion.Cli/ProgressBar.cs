using System.Diagnostics;
using System.Globalization;

namespace Flexiffusion.Cli;

/// <summary>A one-line progress bar with ETA on a terminal; silent when not interactive.</summary>
public sealed class ProgressBar : IProgress<double>, IDisposable
{
    private readonly CliContext _context;
    private readonly string _label;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private long _lastDrawMs = -1000;
    private bool _drawn;

    /// <summary>Creates a bar labelled <paramref name="label"/>.</summary>
    public ProgressBar(CliContext context, string label)
    {
        _context = context;
        _label = label;
    }

    /// <summary>Reports the fraction done in [0, 1] (redrawn at most 5 times a second).</summary>
    public void Report(double value) => Draw(value, force: false, suffix: null);

    /// <summary>Reports the fraction done with extra text after the ETA.</summary>
    public void Report(double value, string suffix) => Draw(value, force: false, suffix);

    private void Draw(double fraction, bool force, string? suffix)
    {
        if (!_context.Interactive)
            return;
        lock (_gate)
        {
            long now = _clock.ElapsedMilliseconds;
            if (!force && now - _lastDrawMs < 200)
                return;
            _lastDrawMs = now;
            fraction = Math.Clamp(fraction, 0, 1);
            int filled = (int)(fraction * 30);
            double elapsed = _clock.Elapsed.TotalSeconds;
            string eta = fraction > 0 ? FormatSeconds(elapsed * (1 - fraction) / fraction) : "?";
            string line = string.Create(CultureInfo.InvariantCulture,
                $"\r{_label} [{new string('#', filled)}{new string('.', 30 - filled)}] {fraction * 100,5:F1}%  {FormatSeconds(elapsed)} elapsed, ETA {eta}{(suffix is null ? "" : "  " + suffix)}   ");
            _context.Error.Write(line);
            _drawn = true;
        }
    }

    private static string FormatSeconds(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(
        seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    /// <summary>Ends the line.</summary>
    public void Dispose()
    {
        if (_drawn)
        {
            Draw(1, force: true, suffix: null);
            _context.Error.WriteLine();
        }
    }
}
