namespace Flexiffusion.Cli.Tests;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A 1×32×32 configuration (the MNIST image size) that trains and samples in milliseconds.</summary>
    public const string Tiny32Config = Testing.TinyModels.Config32;

    /// <summary>A 2-level, 8×8 configuration that samples in milliseconds.</summary>
    public const string TinyConfig = """{"name":"tiny","inChannels":1,"resolution":8,"baseChannels":8,"channelMultipliers":[1,2],"resBlocks":1,"attentionResolutions":[],"midAttention":false,"dropout":0,"groupNormGroups":4}""";
}
