using Flexiffusion.Diffusion.Models;
using Flexiffusion.Diffusion.Tests.TestSupport;
using Flexiffusion.Plans;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Flexiffusion.Diffusion.Tests.Models;

public sealed class UNetTests(UNetFullSteps fullSteps) : IClassFixture<UNetFullSteps>
{
    private static readonly Dictionary<string, UNetConfig> SameInputConfigs =
        new[] { TinyConfigs.WithAttention, UNetConfigs.Mnist, UNetConfigs.DdpmCifar10 }.ToDictionary(c => c.Name);

    public static TheoryData<int> TinyBranches => [.. Enumerable.Range(0, new UNetLayout(TinyConfigs.WithAttention).BranchCount)];

    /// <summary>(configuration, branch) for every branch of the tiny, mnist and ddpm-cifar10 networks.</summary>
    public static TheoryData<string, int> EveryBranch
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var config in SameInputConfigs.Values)
            {
                for (int branch = 0; branch < new UNetLayout(config).BranchCount; branch++)
                    data.Add(config.Name, branch);
            }
            return data;
        }
    }

    /// <summary>Every model of this class (and of its fixture) is built here: one place to change how models are seeded.</summary>
    internal static UNet CreateModel(UNetConfig config, int seed) => new(config, seed);

    // README: a partial step fed the same input as the full step that filled its cache returns
    // exactly the full step's output — the same operations on the same tensors, so bit for bit.
    [Theory]
    [MemberData(nameof(EveryBranch))]
    public void RunStep_PartialOnTheFullStepsInput_ReturnsTheFullOutputBitForBit(string config, int branch)
    {
        var full = fullSteps.Of(SameInputConfigs[config], seed: 1);

        using var partial = full.Partial(branch);

        if (!TensorEquality.Identical(full.Output, partial))
        {
            double diff = (full.Output - partial).abs().max().item<float>();
            Assert.Fail($"{config} branch {branch}: the partial step differs from the full step (max |Δ| = {diff:R})");
        }
    }

    [Theory]
    [MemberData(nameof(TinyBranches))]
    public void RunStep_PartialOnTheFullStepsInputAtBatchThree_ReturnsTheFullOutputBitForBit(int branch)
    {
        using var model = CreateModel(TinyConfigs.WithAttention, 1);
        model.eval();
        using var x = randn(3, 1, 16, 16);
        using var t = tensor(new long[] { 999, 500, 3 });
        using var cache = new FeatureCache();
        using var noGrad = no_grad();

        using var fullOut = model.RunStep(x, t, PlanStep.Full, cache, [branch]);
        using var partialOut = model.RunStep(x, t, PlanStep.Partial(branch), cache);

        Assert.True(TensorEquality.Identical(fullOut, partialOut));
    }

    [Fact]
    public void RunStep_PartialOnOtherInput_DiffersFromTheFullStep()
    {
        using var model = CreateModel(TinyConfigs.WithAttention, 2);
        model.eval();
        using var x = randn(2, 1, 16, 16);
        using var y = randn(2, 1, 16, 16);
        using var t = tensor(new long[] { 10, 10 });
        using var cache = new FeatureCache();
        using var noGrad = no_grad();

        using var _ = model.RunStep(x, t, PlanStep.Full, cache, [0, 8]);
        using var shallow = model.RunStep(y, t, PlanStep.Partial(0), cache);
        using var deep = model.RunStep(y, t, PlanStep.Partial(8), cache);
        using var truth = model.forward(y, t);

        Assert.False(allclose(shallow, truth, 1e-4, 1e-4));
        double shallowError = (shallow - truth).abs().mean().item<float>();
        double deepError = (deep - truth).abs().mean().item<float>();
        Assert.True(deepError < shallowError, $"deepest branch error {deepError} should be below shallowest {shallowError}");
    }

    [Fact]
    public void RunStep_PartialWithoutFilledBranch_Throws()
    {
        using var model = CreateModel(TinyConfigs.Minimal, 6);
        using var x = randn(1, 3, 8, 8);
        using var t = tensor(new long[] { 5 });
        using var cache = new FeatureCache();
        using var noGrad = no_grad();

        using var _ = model.RunStep(x, t, PlanStep.Full, cache, [1]);

        var error = Assert.Throws<InvalidOperationException>(() => model.RunStep(x, t, PlanStep.Partial(2), cache));
        Assert.Contains("branch 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.RunStep(x, t, PlanStep.Partial(4), cache));
        Assert.Throws<ArgumentException>(() => model.RunStep(x, t, PlanStep.Null, cache));
    }

    [Fact]
    public void Constructor_FreshModel_HasFiniteOutputAndInitialisedGroupNorms()
    {
        using var model = CreateModel(TinyConfigs.WithAttention, 7);
        using var x = randn(2, 1, 16, 16);
        using var t = tensor(new long[] { 0, 999 });
        using var noGrad = no_grad();

        using var output = model.forward(x, t);

        Assert.Equal([2, 1, 16, 16], output.shape);
        Assert.True(isfinite(output).all().item<bool>());
        var norms = model.modules().OfType<GroupNorm>().ToList();
        Assert.NotEmpty(norms);
        Assert.All(norms, n =>
        {
            Assert.True(n.weight!.eq(1).all().item<bool>());
            Assert.True(n.bias!.eq(0).all().item<bool>());
        });
    }

    [Fact]
    public void NamedParameters_UseTheReferenceStateDictNames()
    {
        using var model = CreateModel(UNetConfigs.DdpmCifar10, 8);

        var names = model.named_parameters().Select(p => p.name).ToHashSet();

        string[] expected =
        [
            "temb.dense.0.weight", "temb.dense.1.bias", "conv_in.weight",
            "down.0.block.0.norm1.weight", "down.0.block.0.conv1.weight", "down.0.block.0.temb_proj.weight",
            "down.0.block.1.conv2.bias", "down.0.downsample.conv.weight", "down.1.block.0.nin_shortcut.weight",
            "down.1.attn.0.q.weight", "down.1.attn.1.proj_out.bias", "down.3.block.1.norm2.bias",
            "mid.block_1.conv1.weight", "mid.attn_1.k.weight", "mid.block_2.conv2.weight",
            "up.0.block.2.nin_shortcut.weight", "up.1.attn.2.v.weight", "up.1.upsample.conv.weight",
            "up.3.block.0.conv1.weight", "up.3.upsample.conv.bias", "norm_out.weight", "conv_out.bias",
        ];
        Assert.All(expected, name => Assert.Contains(name, names));
        Assert.DoesNotContain(names, n => n.StartsWith("down.3.downsample", StringComparison.Ordinal) || n.StartsWith("up.0.upsample", StringComparison.Ordinal));
        Assert.Equal(35_746_307, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void SaveAndLoad_RoundTripsOutputsExactly()
    {
        using var model = CreateModel(TinyConfigs.Minimal, 3);
        model.eval();
        string path = Path.GetTempFileName();
        try
        {
            model.save(path);
            using var other = CreateModel(TinyConfigs.Minimal, 4);
            other.eval();
            other.load(path);
            using var x = randn(2, 3, 8, 8);
            using var t = tensor(new long[] { 1, 2 });
            using var noGrad = no_grad();

            using var a = model.forward(x, t);
            using var b = other.forward(x, t);

            Assert.True(TensorEquality.Identical(a, b));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
