using Flexiffusion.Bench;
using Flexiffusion.Diffusion.Runtime;

// Before anything can touch libtorch: the CPU kernel policy (oneDNN's ISA cap on AVX-512 CPUs).
NumericsPolicy.Configure();
return NumericsBenchmark.IsChild(args) ? NumericsBenchmark.RunChild(args.Contains("--quick")) : BenchApp.Run(args);
