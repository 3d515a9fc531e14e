namespace Flexiffusion.Cli.Tests;

/// <summary>The repository's root folder (the one holding Flexiffusion.sln), for tests that use shipped files.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Flexiffusion.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Flexiffusion.sln not found above the test assembly");
    }
}
