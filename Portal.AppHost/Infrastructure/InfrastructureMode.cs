using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Portal.AppHost.Infrastructure;

/// <summary>How PostgreSQL, Redis and Directus run: as containers, or as local processes under the same names.</summary>
public enum InfrastructureMode
{
    Containers,
    LocalProcesses,
}

public static class InfrastructureModeSelector
{
    public const string SettingKey = "Portal:Infrastructure";

    /// <summary>
    /// <c>Portal:Infrastructure</c> = <c>Containers</c>, <c>LocalProcesses</c>, or <c>Auto</c> (the default):
    /// containers when a container runtime answers, local processes otherwise.
    /// </summary>
    public static InfrastructureMode Select(IConfiguration configuration)
    {
        var setting = configuration[SettingKey];
        if (string.IsNullOrWhiteSpace(setting) || setting.Equals("Auto", StringComparison.OrdinalIgnoreCase))
        {
            return ContainerRuntimeAnswers(configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker")
                ? InfrastructureMode.Containers
                : InfrastructureMode.LocalProcesses;
        }

        return Enum.TryParse<InfrastructureMode>(setting, ignoreCase: true, out var mode)
            ? mode
            : throw new InvalidOperationException(
                $"{SettingKey} is '{setting}'; use Auto, Containers or LocalProcesses.");
    }

    // Without an engine, `docker info` fails in milliseconds; a slow answer is treated as no runtime
    // rather than hanging the AppHost the way a container resource would.
    private static bool ContainerRuntimeAnswers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
