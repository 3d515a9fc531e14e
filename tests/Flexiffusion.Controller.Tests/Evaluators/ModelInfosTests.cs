using Flexiffusion.Contracts.Evaluator.V1;
using Flexiffusion.Contracts.Mapping;
using Flexiffusion.Controller.Evaluators;

namespace Flexiffusion.Controller.Tests.Evaluators;

public class ModelInfosTests
{
    private static EvaluatorInfo Info(string numerics)
    {
        var costs = new Contracts.Common.V1.CostTable { FullMacs = 100 };
        costs.PartialMacs.AddRange([20, 40]);
        var info = new EvaluatorInfo { EvaluatorId = "e", Capacity = 1 };
        info.Models.Add(new ModelInfo { Name = "m", Config = "tiny", Checksum = "sha256:w", ExtractorChecksum = "sha256:f", BranchCount = 2, Costs = costs, Numerics = numerics });
        return info;
    }

    [Fact]
    public void Agree_SameNumerics_DescribesTheModelWithIt()
    {
        var models = ModelInfos.Agree([("a:1", Info("cpu(onednn=avx2,aten=avx512)")), ("b:1", Info("cpu(onednn=avx2,aten=avx512)"))]);

        Assert.Equal("cpu(onednn=avx2,aten=avx512)", Assert.Single(models).Numerics);
    }

    [Fact]
    public void Agree_DifferentNumericsClasses_RefusesToPoolThem()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ModelInfos.Agree([("a:1", Info("cpu(onednn=avx2,aten=avx512)")), ("b:1", Info("cpu(onednn=avx2,aten=avx2)"))]));

        Assert.Contains("numerics cpu(onednn=avx2,aten=avx2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_DifferentNumerics_AreDifferentModels()
    {
        var avx512 = Info("cpu(onednn=avx2,aten=avx512)").Models.Select(ModelMapping.Key);
        var cuda = Info("cuda").Models.Select(ModelMapping.Key);
        var again = Info("cuda").Models.Select(ModelMapping.Key);

        Assert.Empty(avx512.Intersect(cuda));
        Assert.Equal(cuda, again);
    }
}
