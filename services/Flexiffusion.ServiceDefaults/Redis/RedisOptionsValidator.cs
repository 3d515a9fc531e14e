using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Flexiffusion.ServiceDefaults.Redis;

/// <summary>Checks <see cref="RedisOptions"/> at start-up; messages never repeat the configuration string, which may hold a password.</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    private const string S = RedisOptions.Section;

    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Configuration))
        {
            try
            {
                if (ConfigurationOptions.Parse(options.Configuration).EndPoints.Count == 0)
                    errors.Add($"{S}:{nameof(options.Configuration)}: names no endpoint (host:port)");
            }
            catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
            {
                errors.Add($"{S}:{nameof(options.Configuration)}: is not a StackExchange.Redis configuration string (host:port[,option=value…])");
            }
        }
        if (!string.IsNullOrWhiteSpace(options.PasswordFile) && !File.Exists(options.PasswordFile))
            errors.Add($"{S}:{nameof(options.PasswordFile)}: no such file '{options.PasswordFile}'");
        if (!string.IsNullOrWhiteSpace(options.CaFile) && !File.Exists(options.CaFile))
            errors.Add($"{S}:{nameof(options.CaFile)}: no such file '{options.CaFile}'");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
