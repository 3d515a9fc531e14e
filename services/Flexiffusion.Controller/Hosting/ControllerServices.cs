using Flexiffusion.Controller.Evaluators;
using Flexiffusion.Controller.Redis;
using Flexiffusion.Controller.Telemetry;
using Flexiffusion.Orchestration.Caching;
using Flexiffusion.Orchestration.Persistence;
using Flexiffusion.Orchestration.Searches;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.ServiceDefaults.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Flexiffusion.Controller.Hosting;

/// <summary>The controller's registrations, in one place (after eShop's <c>AddApplicationServices</c>).</summary>
public static class ControllerServices
{
    /// <summary>
    /// Options (validated at start), metrics, the evaluator pool and its discovery, the candidate cache,
    /// search store and search leases (Redis when <c>Redis:Configuration</c> is set, with a check of its
    /// durability, else in memory), the search manager, and the start-up that recovers stored searches
    /// before reporting SERVING and keeps looking for searches to take over.
    /// </summary>
    public static WebApplicationBuilder AddControllerServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ControllerOptions>().Bind(builder.Configuration.GetSection(ControllerOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ControllerOptions>, ControllerOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<ControllerMetrics>();
        services.AddSingleton<IEvaluatorAddressResolver, DnsAddressResolver>();
        services.AddSingleton<EvaluatorPool>();
        services.AddSingleton<IEvaluationBackend>(sp => sp.GetRequiredService<EvaluatorPool>());
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"]))
        {
            services.AddSingleton<ICandidateCacheProvider, InMemoryCandidateCacheProvider>();
            services.AddSingleton<ISearchStore, InMemorySearchStore>();
            services.AddSingleton<ISearchLeases>(sp => new InMemorySearchLeases(sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<ControllerOptions>>().Value.LeaseTtl));
        }
        else
        {
            services.AddSingleton<ICandidateCacheProvider, RedisCandidateCache>();
            services.AddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<ControllerOptions>>().Value;
                string owner = string.IsNullOrWhiteSpace(options.InstanceId) ? InMemorySearchLeases.NewOwner() : options.InstanceId;
                return new RedisSearchLeases(sp.GetRequiredService<RedisConnection>(), owner, options.LeaseTtl);
            });
            services.AddSingleton<ISearchLeases>(sp => sp.GetRequiredService<RedisSearchLeases>());
            services.AddSingleton<ISearchStore, RedisSearchStore>();
            services.AddHostedService<RedisDurabilityCheck>();
        }
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ControllerOptions>>().Value;
            return new SearchManager(
                sp.GetRequiredService<IEvaluationBackend>(),
                sp.GetRequiredService<ISearchStore>(),
                sp.GetRequiredService<ICandidateCacheProvider>(),
                new SearchManagerOptions
                {
                    MaxConcurrentSearches = options.MaxConcurrentSearches,
                    WatcherBuffer = options.WatcherBuffer,
                    MaxPendingSearches = options.MaxPendingSearches,
                    MaxWatchers = options.MaxWatchers,
                    MaxFinishedSearches = options.MaxFinishedSearches,
                    Limits = options.Limits,
                },
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<SearchManager>>(),
                sp.GetRequiredService<ControllerMetrics>(),
                sp.GetRequiredService<ISearchLeases>());
        });
        services.AddHostedService<EvaluatorDiscovery>();
        services.AddHostedService<ControllerStartup>();
        return builder;
    }
}
