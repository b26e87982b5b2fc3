using System.Reflection;

namespace Portal.AppHost.Infrastructure;

/// <summary>
/// Runs the Api, the Web and the Worker from their build output. Aspire otherwise starts each one with
/// <c>dotnet run --project … --no-build</c>, which loads the SDK and evaluates the project before the program starts:
/// about a second and 2.5 CPU-seconds more per start, paid by every instance and one-shot step on the way to a healthy
/// stack. The projects are built with the AppHost (they are its project references), in its configuration; a project
/// with no build output is left to <c>dotnet run</c>. Run mode only: the deployment description still names projects.
/// </summary>
public static class BuiltPrograms
{
    public static void RunProjectsFromTheirBuild(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return;
        }

        var configuration = typeof(BuiltPrograms).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        // The runtime the AppHost runs on: the programs' own launchers find it through DOTNET_ROOT, as under dotnet run.
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var projectPath = project.GetProjectMetadata().ProjectPath;
            var projectDirectory = Path.GetDirectoryName(projectPath)!;
            var name = Path.GetFileNameWithoutExtension(projectPath);
            var program = Path.Combine(projectDirectory, "bin", configuration, "net10.0", OperatingSystem.IsWindows() ? $"{name}.exe" : name);
            if (!File.Exists(program))
            {
                continue;
            }

            project.Annotations.Add(new ExecutableAnnotation { Command = program, WorkingDirectory = projectDirectory });
            if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is null)
            {
                project.Annotations.Add(new EnvironmentCallbackAnnotation("DOTNET_ROOT", () => dotnetRoot));
            }
        }
    }
}
