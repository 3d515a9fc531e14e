using Flexiffusion.Diffusion.Runtime;
using Flexiffusion.Evaluator;

// Before anything can touch libtorch: the CPU kernel policy (oneDNN's ISA cap on AVX-512 CPUs).
NumericsPolicy.Configure();
await EvaluatorHost.Build(args).RunAsync();
