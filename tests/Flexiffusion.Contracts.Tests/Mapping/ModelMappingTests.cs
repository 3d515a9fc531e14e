using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Contracts.Tests.Mapping;

public sealed class ModelMappingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ToProtoThenToDescription_IsTheSameModel(bool latencies)
    {
        var costs = latencies ? new CostTable(100, [10, 40], 2.0, [0.3, 1.1]) : new CostTable(100, [10, 40]);
        var model = new ModelDescription("m", "tiny", "sha256:w", "sha256:f", costs, "cpu(onednn=avx2,aten=avx2)");

        var info = ModelMapping.ToProto(model, 1, 32);
        var back = ModelMapping.ToDescription(info);

        Assert.Equal((model.Name, model.Config, model.Checksum, model.ExtractorChecksum, model.Numerics), (back.Name, back.Config, back.Checksum, back.ExtractorChecksum, back.Numerics));
        Assert.Equal([.. model.Costs.PartialMacs], back.Costs.PartialMacs.ToArray());
        Assert.Equal(model.Costs.FullLatencyMs, back.Costs.FullLatencyMs);
        Assert.Equal(model.Key, ModelMapping.Key(info));
        Assert.Equal((1, 32, 2), (info.InChannels, info.Resolution, info.BranchCount));
    }

    [Fact]
    public void ToDescription_NoCostTable_Throws()
    {
        Assert.Throws<ArgumentException>(() => ModelMapping.ToDescription(new Evaluator.V1.ModelInfo { Name = "m" }));
    }
}
