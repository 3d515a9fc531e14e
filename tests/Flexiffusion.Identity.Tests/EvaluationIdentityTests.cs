namespace Flexiffusion.Identity.Tests;

public class EvaluationIdentityTests
{
    private static readonly EvaluationIdentity Base = new("sha256:m", "ddim(eta=0)", 100, "uniform", "linear", 0, 256, 64, "sha256:f", "skip", "cpu(onednn=avx2,aten=avx2)");

    public static TheoryData<string> Components => ["model", "sampler", "steps", "spacing", "schedule", "seed", "images", "batch", "extractor", "nulls", "numerics", "reference"];

    [Theory]
    [MemberData(nameof(Components))]
    public void Keys_AnyComponentChanged_AreDifferentKeys(string component)
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
            "batch" => Base with { BatchSize = 32 },
            "extractor" => Base with { ExtractorChecksum = "sha256:f2" },
            "nulls" => Base with { Nulls = "reuse" },
            "numerics" => Base with { Numerics = "cpu(onednn=avx2,aten=avx512)" },
            _ => Base with { Reference = "ddim(eta=0)" },
        };

        Assert.NotEqual(Base.Hash, changed.Hash);
        Assert.NotEqual(StoreKeys.TeacherFeatures(Base), StoreKeys.TeacherFeatures(changed));
        Assert.NotEqual(StoreKeys.Candidate(Base, "20: 0:1x5"), StoreKeys.Candidate(changed, "20: 0:1x5"));
        Assert.NotEqual(StoreKeys.TeacherLock(Base), StoreKeys.TeacherLock(changed));
    }

    [Fact]
    public void Keys_EqualIdentities_AreTheSameVersionedKeys()
    {
        var copy = Base with { };

        Assert.Equal(Base, copy);
        Assert.Equal(StoreKeys.TeacherFeatures(Base), StoreKeys.TeacherFeatures(copy));
        Assert.Equal("flexiffusion:v1:teacher-features:" + Base.Hash, StoreKeys.TeacherFeatures(Base));
        Assert.Equal("flexiffusion:v1:candidate:" + Base.Hash + ":20: 0:1x5", StoreKeys.Candidate(Base, "20: 0:1x5"));
        Assert.Equal("flexiffusion:v1:search:s1", StoreKeys.Search("s1"));
        Assert.Equal("flexiffusion:v1:lease:s1", StoreKeys.SearchLease("s1"));
        Assert.Equal(64, Base.Hash.Length);
    }

    [Fact]
    public void Canonical_OwnTeacher_HasNoReferenceComponent()
    {
        Assert.Equal(
            "model=sha256:m;sampler=ddim(eta=0);steps=100;spacing=uniform;schedule=linear;seed=0;images=256;batch=64;extractor=sha256:f;nulls=skip;numerics=cpu(onednn=avx2,aten=avx2)",
            Base.Canonical);
        Assert.EndsWith(";reference=ddim(eta=0)", (Base with { Reference = "ddim(eta=0)" }).Canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void SamplerText_DdimCarriesEtaOthersTheirName()
    {
        Assert.Equal("ddim(eta=0)", EvaluationIdentity.SamplerText("ddim", 0));
        Assert.Equal("ddim(eta=0.5)", EvaluationIdentity.SamplerText("ddim", 0.5));
        Assert.Equal("plms", EvaluationIdentity.SamplerText("plms", 0.5));
    }

    [Fact]
    public void Keys_EmptyPart_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => StoreKeys.Search(""));
        Assert.Throws<ArgumentException>(() => StoreKeys.Candidate(Base, ""));
    }
}
