using System.Diagnostics;
using System.Text;

namespace Portal.Tests.Infrastructure;

/// <summary>The real Worker program in a process of its own, so a test can kill it the hard way.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private WorkerProcess(Process process) => this.process = process;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts <c>Portal.Worker.dll</c> from its own build output with <paramref name="environment"/>.</summary>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        // …/Portal.Tests/bin/<Configuration>/net10.0/ → …/Portal.Worker/bin/<Configuration>/net10.0/Portal.Worker.dll
        var buildOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = buildOutput.Parent!.Name;
        var dll = Path.Combine(Repository.Root, "Portal.Worker", "bin", configuration, buildOutput.Name, "Portal.Worker.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreeTcpPort.Next()}";
        start.Environment["DataProtection__Certificate"] = TestKeyRing.Certificate;
        start.Environment["Sealing__ActiveKey"] = TestSealing.KeyId;
        start.Environment[$"Sealing__Keys__{TestSealing.KeyId}"] = TestSealing.Key;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, line) => worker.Append(line.Data);
        process.ErrorDataReceived += (_, line) => worker.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown, no finally blocks, connections simply vanish.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public bool HasExited => process.HasExited;

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
