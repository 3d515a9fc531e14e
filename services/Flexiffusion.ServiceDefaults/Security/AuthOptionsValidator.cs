using System.Globalization;
using Microsoft.Extensions.Options;

namespace Flexiffusion.ServiceDefaults.Security;

/// <summary>Checks <see cref="AuthOptions"/> at start-up: the token file is readable and every token long enough. Messages never show a token.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private const string S = AuthOptions.Section;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        for (int i = 0; i < options.Tokens.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(options.Tokens[i]) && options.Tokens[i].Trim().Length < AuthOptions.MinimumTokenLength)
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:Tokens:{i}: a token must be at least {AuthOptions.MinimumTokenLength} characters"));
        }
        if (!string.IsNullOrWhiteSpace(options.TokenFile))
        {
            IReadOnlyList<string>? tokens = null;
            if (!File.Exists(options.TokenFile))
                errors.Add($"{S}:{nameof(options.TokenFile)}: no such file '{options.TokenFile}'");
            else try
            {
                tokens = TokenSet.ReadFile(options.TokenFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{S}:{nameof(options.TokenFile)}: cannot read '{options.TokenFile}' ({e.GetType().Name})");
            }
            if (tokens is { Count: 0 })
                errors.Add($"{S}:{nameof(options.TokenFile)}: '{options.TokenFile}' holds no token");
            for (int i = 0; tokens is not null && i < tokens.Count; i++)
            {
                if (tokens[i].Length < AuthOptions.MinimumTokenLength)
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{nameof(options.TokenFile)}: token {i + 1} is shorter than {AuthOptions.MinimumTokenLength} characters"));
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
