using Flexiffusion.Search.Costs;
using Flexiffusion.Search.Evaluation;

namespace Flexiffusion.Search.Tests.Evaluation;

public class EvaluationSettingsTests
{
    private static ModelDescription Model(string numerics) => new("m", "tiny", "sha256:w", "sha256:f", new CostTable(100, [20, 40]), numerics);

    [Fact]
    public void Identity_DifferentNumericsClasses_AreDifferentIdentities()
    {
        var settings = new EvaluationSettings();

        string avx2 = settings.Identity(Model("cpu(onednn=avx2,aten=avx2)")).Canonical;
        string avx512 = settings.Identity(Model("cpu(onednn=avx2,aten=avx512)")).Canonical;

        Assert.NotEqual(avx2, avx512);
        Assert.EndsWith(";numerics=cpu(onednn=avx2,aten=avx512)", avx512, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_SameModelAndSettings_IsStable()
    {
        var settings = new EvaluationSettings { Images = 64 };

        Assert.Equal(settings.Identity(Model("cuda")), (settings with { }).Identity(Model("cuda")));
    }
}
