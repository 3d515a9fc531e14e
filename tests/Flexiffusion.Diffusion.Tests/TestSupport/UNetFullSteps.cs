using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Tests.Models;

namespace Flexiffusion.Diffusion.Tests.TestSupport;

/// <summary>
/// Class fixture of <see cref="UNetTests"/>: per configuration, one <see cref="FilledFullStep"/> built
/// on first use and shared by the test cases (ddpm-cifar10 has 35.7M parameters; building it and
/// running its full step once keeps the per-branch cases to one partial step each).
/// </summary>
public sealed class UNetFullSteps : IDisposable
{
    private readonly Dictionary<string, FilledFullStep> _steps = [];

    /// <summary>The full step of <paramref name="config"/>'s model built with <paramref name="seed"/>.</summary>
    public FilledFullStep Of(UNetConfig config, int seed)
    {
        string key = $"{config.Name}/{seed}";
        if (!_steps.TryGetValue(key, out var step))
        {
            step = new FilledFullStep(UNetTests.CreateModel(config, seed), seed);
            _steps[key] = step;
        }
        return step;
    }

    public void Dispose()
    {
        foreach (var step in _steps.Values)
            step.Dispose();
        _steps.Clear();
    }
}
