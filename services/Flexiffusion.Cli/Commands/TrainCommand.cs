using System.CommandLine;

namespace Flexiffusion.Cli.Commands;

/// <summary><c>flexiffusion train</c>: the reference model's training commands.</summary>
public static class TrainCommand
{
    /// <summary>Creates the command and its subcommands.</summary>
    public static Command Create(CliContext context) => new("train", "Train the reference MNIST DDPM or its feature network")
    {
        TrainDdpmCommand.Create(context),
        TrainFeaturesCommand.Create(context),
    };
}
