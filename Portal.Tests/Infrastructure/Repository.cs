namespace Portal.Tests.Infrastructure;

/// <summary>Where the checkout is, for artifacts a person looks at and for the services' build outputs.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Artifacts(string folder)
    {
        var path = Path.Combine(Root, "artifacts", folder);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
