using Flexiffusion.Scoring.Teachers;
using Flexiffusion.Evaluator.Caching;
using Flexiffusion.Evaluator.Services;
using Flexiffusion.Evaluator.Telemetry;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.ServiceDefaults.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Evaluator.Hosting;

/// <summary>Registers the evaluator's services (after eShop's <c>Add…Services</c> extensions).</summary>
internal static class EvaluatorServiceExtensions
{
    /// <summary>
    /// Options (bound from <c>Evaluator</c>, validated at start), the teacher cache and lock (Redis when
    /// <c>Redis:Configuration</c> is set, else in memory), metrics, the candidate runner and the background model loader.
    /// </summary>
    public static WebApplicationBuilder AddEvaluatorServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EvaluatorOptions>()
            .Bind(builder.Configuration.GetSection(EvaluatorOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EvaluatorOptions>>(new EvaluatorOptionsValidator(builder.Environment.ContentRootPath));
        services.AddSingleton<EvaluatorState>();
        // TryAdd: an embedder (or a test) may register its own clock, cache or lock before this runs.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IBlobCache>(sp => sp.GetRequiredService<RedisConnection>().IsConfigured
            ? ActivatorUtilities.CreateInstance<RedisBlobCache>(sp)
            : new MemoryBlobCache());
        services.TryAddSingleton<ITeacherLock>(sp => sp.GetRequiredService<RedisConnection>().IsConfigured
            ? ActivatorUtilities.CreateInstance<RedisTeacherLock>(sp, sp.GetRequiredService<IOptions<EvaluatorOptions>>().Value.TeacherLockTtl)
            : new InProcessTeacherLock());
        services.AddSingleton<EvaluatorMetrics>();
        services.AddSingleton<ScoringTelemetry>();
        services.AddSingleton<CandidateRunner>();
        services.AddHostedService<ModelLoader>();
        return builder;
    }
}
