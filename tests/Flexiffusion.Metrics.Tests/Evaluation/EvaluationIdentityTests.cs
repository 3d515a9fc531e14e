using Flexiffusion.Diffusion.Samplers;
using Flexiffusion.Metrics.Caching;
using Flexiffusion.Metrics.Evaluation;

namespace Flexiffusion.Metrics.Tests.Evaluation;

public class EvaluationIdentityTests
{
    private static readonly EvaluationIdentity Base = new("sha256:m", "ddim(eta=0)", 100, "uniform", "linear", 0, 256, "sha256:f", "skip", "cpu(onednn=avx2,aten=avx2)");

    public static TheoryData<string> Components => ["model", "sampler", "steps", "spacing", "schedule", "seed", "images", "extractor", "nulls", "numerics"];

    [Theory]
    [MemberData(nameof(Components))]
    public void TeacherKey_AnyComponentChanged_IsADifferentKey(string component)
    {
        var changed = component switch
        {
            "model" => Base with { ModelChecksum = "sha256:m2" },
            "sampler" => Base with { Sampler = "plms" },
            "steps" => Base with { TeacherSteps = 50 },
            "spacing" => Base with { Spacing = "quadratic" },
            "schedule" => Base with { Schedule = "cosine" },
            "seed" => Base with { NoiseSeed = 1 },
            "images" => Base with { Images = 512 },
            "extractor" => Base with { ExtractorChecksum = "sha256:f2" },
            "nulls" => Base with { Nulls = "reuse" },
            _ => Base with { Numerics = "cpu(onednn=avx2,aten=avx512)" },
        };

        Assert.NotEqual(CacheKeys.TeacherFeatures(Base.Canonical), CacheKeys.TeacherFeatures(changed.Canonical));
    }

    [Fact]
    public void TeacherKey_SameIdentity_IsTheSameVersionedKey()
    {
        var copy = Base with { };

        Assert.Equal(CacheKeys.TeacherFeatures(Base.Canonical), CacheKeys.TeacherFeatures(copy.Canonical));
        Assert.StartsWith("flexiffusion:v1:teacher-features:", CacheKeys.TeacherFeatures(Base.Canonical), StringComparison.Ordinal);
    }

    [Fact]
    public void SamplerOf_EachSampler_NamesItWithDdimEta()
    {
        Assert.Equal("ddim(eta=0)", EvaluationIdentity.SamplerOf(new DdimSampler()));
        Assert.Equal("ddim(eta=0.5)", EvaluationIdentity.SamplerOf(new DdimSampler(0.5)));
        Assert.Equal(SamplerFactory.Create(SamplerKind.Plms).Name, EvaluationIdentity.SamplerOf(SamplerFactory.Create(SamplerKind.Plms)));
        Assert.NotEqual(EvaluationIdentity.SamplerOf(SamplerFactory.Create(SamplerKind.Ddpm)), EvaluationIdentity.SamplerOf(new DdimSampler()));
    }
}
