using Flexiffusion.Contracts.Mapping;
using Domain = Flexiffusion.Search.Evaluation.EvaluationSettings;
using Proto = Flexiffusion.Contracts.Common.V1;

namespace Flexiffusion.Contracts.Tests.Mapping;

public sealed class SettingsMappingTests
{
    public static TheoryData<string> Names => ["ddim", "ddpm", "plms", "dpm-solver++"];

    [Theory]
    [MemberData(nameof(Names))]
    public void ToProtoThenToDomain_EverySampler_IsTheSameSettings(string sampler)
    {
        var settings = new Domain
        {
            Model = "m", Sampler = sampler, Reference = "plms", Eta = 0.25, TeacherSteps = 50, Spacing = "quadratic", Schedule = "cosine",
            Nulls = "reuse", NoiseSeed = -3, Images = 17, BatchSize = 5, Bootstrap = 9,
        };

        var back = SettingsMapping.ToDomain(SettingsMapping.ToProto(settings), "settings");

        Assert.Equal(settings, back);
    }

    [Fact]
    public void ToDomain_UnsetFields_AreTheDomainDefaults_ExplicitZerosAreKept()
    {
        var unset = SettingsMapping.ToDomain(new Proto.EvaluationSettings(), "settings");
        var zeros = SettingsMapping.ToDomain(new Proto.EvaluationSettings { Eta = 0, NoiseSeed = 0 }, "settings");

        Assert.Equal(new Domain(), unset);
        Assert.Equal(new Domain(), zeros);
        Assert.Equal(new Domain(), SettingsMapping.ToDomain(null, "settings"));
    }

    [Fact]
    public void ToDomain_UnknownEnumValue_NamesTheFullFieldPath()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SettingsMapping.ToDomain(new Proto.EvaluationSettings { Nulls = (Proto.NullStep)5 }, "search.spec.evaluation"));

        Assert.Equal("search.spec.evaluation.nulls", error.ParamName);
        Assert.StartsWith("search.spec.evaluation.nulls: unknown value 5 (expected skip, reuse)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToProto_NameTheContractDoesNotKnow_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SettingsMapping.ToProto(new Domain { Sampler = "euler" }));
    }
}
