using System.Globalization;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Controller.Hosting;

/// <summary>Checks <see cref="ControllerOptions"/> at start; every message names the setting.</summary>
internal sealed class ControllerOptionsValidator : IValidateOptions<ControllerOptions>
{
    private static readonly TimeSpan HalfSecond = TimeSpan.FromMilliseconds(500);

    public ValidateOptionsResult Validate(string? name, ControllerOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string setting, string why)
        {
            if (!ok)
                errors.Add($"{ControllerOptions.Section}:{setting}: {why}");
        }

        Check(options.MaxConcurrentSearches >= 1, nameof(options.MaxConcurrentSearches), $"must be ≥ 1 (got {options.MaxConcurrentSearches})");
        Check(options.Evaluators.Count > 0 || !string.IsNullOrWhiteSpace(options.EvaluatorDns), nameof(options.Evaluators),
            $"no evaluator: set {ControllerOptions.Section}:{nameof(options.Evaluators)}:0 (e.g. http://127.0.0.1:5101) or {ControllerOptions.Section}:{nameof(options.EvaluatorDns)} (host:port)");
        for (int i = 0; i < options.Evaluators.Count; i++)
        {
            bool ok = Uri.TryCreate(options.Evaluators[i], UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
            Check(ok, string.Create(CultureInfo.InvariantCulture, $"{nameof(options.Evaluators)}:{i}"), $"'{options.Evaluators[i]}' is not an http(s) address");
        }
        if (!string.IsNullOrWhiteSpace(options.EvaluatorDns))
            Check(TrySplitDns(options.EvaluatorDns, out _, out _), nameof(options.EvaluatorDns), $"'{options.EvaluatorDns}' is not host:port");
        Check(options.EvaluatorDnsScheme is "http" or "https", nameof(options.EvaluatorDnsScheme), $"'{options.EvaluatorDnsScheme}' is not http or https");
        errors.AddRange(options.EvaluatorCredentials.Check($"{ControllerOptions.Section}:{nameof(options.EvaluatorCredentials)}"));
        Check(options.DnsRefresh >= TimeSpan.FromSeconds(1), nameof(options.DnsRefresh), $"must be ≥ 1 s (got {options.DnsRefresh})");
        Check(options.CallTimeout >= TimeSpan.FromMilliseconds(10) && options.CallTimeout <= TimeSpan.FromDays(1), nameof(options.CallTimeout), $"must be between 10 ms and 1 day (got {options.CallTimeout})");
        Check(options.NoEvaluatorTimeout == TimeSpan.Zero || (options.NoEvaluatorTimeout >= TimeSpan.FromMilliseconds(10) && options.NoEvaluatorTimeout <= TimeSpan.FromDays(365)),
            nameof(options.NoEvaluatorTimeout), $"must be 0 (wait for an evaluator without limit) or between 10 ms and 365 days (got {options.NoEvaluatorTimeout})");
        Check(options.InfoTimeout >= TimeSpan.FromMilliseconds(10), nameof(options.InfoTimeout), $"must be ≥ 10 ms (got {options.InfoTimeout})");
        Check(options.HealthInterval >= TimeSpan.FromMilliseconds(10), nameof(options.HealthInterval), $"must be ≥ 10 ms (got {options.HealthInterval})");
        Check(options.MaxDispatches >= 1, nameof(options.MaxDispatches), $"must be ≥ 1 (got {options.MaxDispatches})");
        Check(options.WatcherBuffer >= 1, nameof(options.WatcherBuffer), $"must be ≥ 1 (got {options.WatcherBuffer})");
        Check(options.MaxPendingSearches >= 0, nameof(options.MaxPendingSearches), $"must be ≥ 0 (got {options.MaxPendingSearches})");
        Check(options.MaxWatchers >= 1, nameof(options.MaxWatchers), $"must be ≥ 1 (got {options.MaxWatchers})");
        Check(options.LeaseTtl >= TimeSpan.FromMilliseconds(300) && options.LeaseTtl <= TimeSpan.FromHours(1), nameof(options.LeaseTtl), $"must be between 300 ms and 1 hour (got {options.LeaseTtl})");
        Check(options.RecoveryInterval >= TimeSpan.FromMilliseconds(10), nameof(options.RecoveryInterval), $"must be ≥ 10 ms (got {options.RecoveryInterval})");
        Check(options.InstanceId is null || options.InstanceId.Length <= 200, nameof(options.InstanceId), "must be at most 200 characters");
        Check(options.MaxFinishedSearches >= 1, nameof(options.MaxFinishedSearches), $"must be ≥ 1 (got {options.MaxFinishedSearches})");
        try
        {
            options.Limits.Validate();
        }
        catch (ArgumentException e)
        {
            errors.Add($"{ControllerOptions.Section}:Limits:{e.ParamName}: must be ≥ 1");
        }
        var breaker = options.CircuitBreaker;
        Check(breaker.FailureRatio > 0 && breaker.FailureRatio <= 1, "CircuitBreaker:FailureRatio", $"must be in (0, 1] (got {breaker.FailureRatio})");
        Check(breaker.MinimumThroughput >= 2, "CircuitBreaker:MinimumThroughput", $"must be ≥ 2 (got {breaker.MinimumThroughput})");
        Check(breaker.SamplingDuration >= HalfSecond, "CircuitBreaker:SamplingDuration", $"must be ≥ 0.5 s (got {breaker.SamplingDuration})");
        Check(breaker.BreakDuration >= HalfSecond, "CircuitBreaker:BreakDuration", $"must be ≥ 0.5 s (got {breaker.BreakDuration})");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Splits <c>host:port</c>.</summary>
    public static bool TrySplitDns(string value, out string host, out int port)
    {
        int colon = value.LastIndexOf(':');
        host = colon > 0 ? value[..colon].Trim() : "";
        port = 0;
        return colon > 0 && host.Length > 0
            && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }
}
