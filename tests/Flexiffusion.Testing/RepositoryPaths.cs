namespace Flexiffusion.Testing;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root (the folder holding Flexiffusion.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shipped MNIST feature network.</summary>
    public static string FeatureNetwork => Path.Combine(Root, "models", "mnist-features", "classifier.bin");

    /// <summary>The shipped MNIST DDPM (EMA weights).</summary>
    public static string MnistDdpm => Path.Combine(Root, "models", "mnist-ddpm", "ema.bin");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Flexiffusion.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Flexiffusion.sln not found above " + AppContext.BaseDirectory);
    }
}
