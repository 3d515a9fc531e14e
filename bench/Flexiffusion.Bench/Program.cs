using Flexiffusion.Bench;

return BenchApp.Run(args);
