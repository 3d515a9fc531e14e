using Flexiffusion.Evaluator;

await EvaluatorHost.Build(args).RunAsync();
