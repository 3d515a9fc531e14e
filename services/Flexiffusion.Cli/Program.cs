using Flexiffusion.Cli;
using Flexiffusion.Diffusion.Runtime;

// Before anything can touch libtorch: the CPU kernel policy (oneDNN's ISA cap on AVX-512 CPUs).
NumericsPolicy.Configure();
return await CliApp.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
