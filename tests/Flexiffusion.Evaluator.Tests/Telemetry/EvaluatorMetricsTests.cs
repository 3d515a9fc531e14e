using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Flexiffusion.Evaluator.Tests.TestSupport;
using Flexiffusion.ServiceDefaults.Telemetry;
using Grpc.Core;

namespace Flexiffusion.Evaluator.Tests.Telemetry;

public sealed class EvaluatorMetricsTests
{
    [Fact]
    public async Task Answers_RecordOutcomesLatencyTeachersAndQueueDepth()
    {
        await using var host = await TestEvaluator.StartAsync();
        var meter = host.Metrics.Meter;
        var longs = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string tag = tags.Length > 0 ? $"{tags[0].Key}={tags[0].Value}" : "";
            longs.AddOrUpdate($"{instrument.Name}|{tag}", value, (_, total) => total + value);
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => longs[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => latencies.Add(value));
        listener.Start();

        await host.Client.EvaluateCandidateAsync(TestEvaluator.Request("2: 0:5x2"));
        await host.Client.EvaluateCandidateAsync(TestEvaluator.Request("5: Fx5"));
        await Assert.ThrowsAsync<RpcException>(() => host.Client.EvaluateCandidateAsync(TestEvaluator.Request("nonsense")).ResponseAsync);
        listener.RecordObservableInstruments();

        Assert.Equal(FlexiffusionMeters.Evaluator, meter.Name);
        Assert.Equal(2, longs.GetValueOrDefault("flexiffusion.evaluator.candidates|outcome=ok"));
        Assert.Equal(1, longs.GetValueOrDefault("flexiffusion.evaluator.candidates|outcome=invalid_argument"));
        Assert.Equal(1, longs.GetValueOrDefault("flexiffusion.evaluator.teacher.computations|"));
        Assert.Equal(0, longs.GetValueOrDefault("flexiffusion.evaluator.teacher.cache_hits|"));
        Assert.Equal(0, longs["flexiffusion.evaluator.queue.depth"]);
        Assert.Equal(2, latencies.Count);
        Assert.All(latencies, s => Assert.True(s > 0));
    }
}
