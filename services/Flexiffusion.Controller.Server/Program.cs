using Flexiffusion.Controller.Hosting;

await ControllerHost.Build(args).RunAsync();
