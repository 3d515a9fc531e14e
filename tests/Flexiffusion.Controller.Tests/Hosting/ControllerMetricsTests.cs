using System.Diagnostics.Metrics;
using Flexiffusion.Controller.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Flexiffusion.Controller.Tests.Hosting;

public sealed class ControllerMetricsTests
{
    [Fact]
    public async Task Search_Completed_CountsEvaluationsCacheHitsAndLatency()
    {
        await using var evaluator = await SyntheticEvaluatorServer.StartAsync("eval-a");
        await using var controller = await TestController.StartAsync([evaluator.Address]);
        var factory = controller.Services.GetRequiredService<IMeterFactory>();
        var totals = new Dictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Flexiffusion.Controller" && instrument.Meter.Scope == factory)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals)
                totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (totals)
                totals[instrument.Name + ".count"] = totals.GetValueOrDefault(instrument.Name + ".count") + 1;
        });
        listener.Start();

        await controller.Client.CreateSearchAsync(Requests.Small("counted"));
        await controller.Client.CreateSearchAsync(Requests.Small("counted-again"));
        var first = (await controller.WatchAsync("counted"))[^1].Result;
        var second = (await controller.WatchAsync("counted-again"))[^1].Result;
        listener.RecordObservableInstruments();

        lock (totals)
        {
            Assert.Equal(first.Evaluations + second.Evaluations, totals["flexiffusion.controller.candidates.evaluated"]);
            Assert.Equal(first.Evaluations + second.Evaluations, totals["flexiffusion.controller.evaluation.duration.count"]);
            Assert.Equal(first.CacheHits + second.CacheHits, totals["flexiffusion.controller.cache.hits"]);
            Assert.Equal(first.Evaluations + second.Evaluations, totals["flexiffusion.controller.cache.misses"]);
            Assert.Equal(1, totals["flexiffusion.controller.cache.hit_ratio.count"]);
        }
        Assert.Equal(evaluator.Answered.Count, first.Evaluations + second.Evaluations);
    }
}
