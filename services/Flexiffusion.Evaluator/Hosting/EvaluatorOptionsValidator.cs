using Flexiffusion.Search;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Evaluator.Hosting;

/// <summary>Checks <see cref="EvaluatorOptions"/> at start-up; every message names the configuration key.</summary>
internal sealed class EvaluatorOptionsValidator(string contentRoot) : IValidateOptions<EvaluatorOptions>
{
    private const string S = EvaluatorOptions.Section;

    public ValidateOptionsResult Validate(string? name, EvaluatorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Id))
            failures.Add($"{S}:Id: must not be empty");
        if (options.Capacity is < 1 or > 1000)
            failures.Add($"{S}:Capacity: must be between 1 and 1000 (got {options.Capacity})");
        if (options.MaxImages < 2)
            failures.Add($"{S}:MaxImages: must be at least 2 (got {options.MaxImages})");
        if (options.TeacherLockTtl < TimeSpan.FromSeconds(1))
            failures.Add($"{S}:TeacherLockTtl: must be at least 1 second (got {options.TeacherLockTtl})");
        var models = options.EffectiveModels;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < models.Count; i++)
        {
            try
            {
                models[i].Validate(contentRoot);
                if (!names.Add(models[i].Name))
                    failures.Add($"{S}:Models:{i}:Name: '{models[i].Name}' is served twice");
            }
            catch (ArgumentException e)
            {
                failures.Add($"{S}:Models:{i}:{FieldException.From(e).Message}");
            }
        }
        for (int i = 0; i < options.WarmTeachers.Count; i++)
        {
            var warm = options.WarmTeachers[i];
            try
            {
                warm.Validate("settings");
                if (warm.Images > options.MaxImages)
                    failures.Add($"{S}:WarmTeachers:{i}: images: {warm.Images} is more than {S}:MaxImages ({options.MaxImages})");
                if (warm.Model.Length > 0 && !names.Contains(warm.Model))
                    failures.Add($"{S}:WarmTeachers:{i}:Model: '{warm.Model}' is not served (served: {string.Join(", ", names)})");
            }
            catch (ArgumentException e)
            {
                failures.Add($"{S}:WarmTeachers:{i}: {FieldException.From(e).Message}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
