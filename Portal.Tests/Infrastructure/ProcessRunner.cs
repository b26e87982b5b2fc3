using System.Diagnostics;

namespace Portal.Tests.Infrastructure;

/// <summary>Runs the server programs the tests start themselves, as the postgres user where that is needed.</summary>
internal static class ProcessRunner
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>PostgreSQL refuses to run as root: on a machine where the tests are root, switch user first.</summary>
    public static (string File, IEnumerable<string> Args) AsPostgresUser(string file, params string[] args) =>
        IsRoot
            ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", file, .. args])
            : (file, args);

    public static async Task<string> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }

        return await output;
    }

    public static async Task RunAsPostgresUserAsync(string file, TimeSpan timeout, params string[] args)
    {
        var (command, arguments) = AsPostgresUser(file, args);
        await RunAsync(command, arguments, timeout);
    }
}
