using System.Diagnostics;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.SystemModel;

/// <summary>
/// The deployment description is Aspire's manifest of the container-mode model, made by the command the README gives;
/// it names every resource, and says what a platform needs: replicas, health checks, secrets as parameters, the migrate step.
/// </summary>
public sealed class DeploymentDescriptionTests
{
    private static readonly string[] Services = ["api", "web", "worker"];

    [Fact]
    public async Task Portal_Replicas_runs_that_many_of_the_api_the_web_and_the_worker_and_one_by_default()
    {
        await using (var two = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses", "Portal:Replicas=2"))
        {
            var model = two.Services.GetRequiredService<DistributedApplicationModel>();
            Assert.All(Services, name => Assert.Equal(2, model.Resources.Single(r => r.Name == name).Annotations.OfType<ReplicaAnnotation>().Last().Replicas));
            Assert.Equal(1, model.Resources.Single(r => r.Name == "migrations").Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1);
        }

        await using var one = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses");
        var single = one.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.All(Services, name => Assert.Equal(1, single.Resources.Single(r => r.Name == name).Annotations.OfType<ReplicaAnnotation>().Last().Replicas));
    }

    [Fact]
    public async Task The_readme_command_writes_a_manifest_that_names_every_resource_with_replicas_health_checks_and_secret_parameters()
    {
        var output = Path.Combine(Path.GetTempPath(), $"portal-manifest-{Guid.NewGuid():N}.json");
        try
        {
            // As in the README, with --no-build: the test run has built the AppHost already.
            var (exitCode, log) = await RunAsync("dotnet", "run", "--project", "Portal.AppHost", "--no-build", "-c", BuiltConfiguration, "--",
                "--publisher", "manifest", "--output-path", output, "Portal:Infrastructure=Containers", "Portal:Replicas=3");
            Assert.True(exitCode == 0, $"The manifest command failed ({exitCode}):\n{log}");

            var resources = JsonNode.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken))!["resources"]!.AsObject();
            await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=Containers", "Portal:Replicas=3");
            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            Assert.All(model.Resources.Where(r => !r.IsExcludedFromPublish()), resource => Assert.True(resources.ContainsKey(resource.Name), $"{resource.Name} is not in the manifest"));

            foreach (var name in Services)
            {
                var service = resources[name]!;
                Assert.Equal(3, service["replicas"]!.GetValue<int>());
                Assert.Equal("/health", service["healthCheck"]!["path"]!.GetValue<string>());
                Assert.EndsWith($"Portal.{char.ToUpperInvariant(name[0])}{name[1..]}.csproj", service["path"]!.GetValue<string>());
            }

            Assert.Equal(["migrate"], resources["migrations"]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));
            // Secrets travel as parameters the platform fills in, never as values written into the file.
            Assert.Equal("{sealing-key.value}", resources["api"]!["env"]!["Sealing__Keys__k1"]!.GetValue<string>());
            Assert.True(resources["sealing-key"]!["inputs"]!["value"]!["secret"]!.GetValue<bool>());
            Assert.Equal("{key-ring-certificate.value}", resources["api"]!["env"]!["DataProtection__Certificate"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The configuration the tests were built in (and the AppHost with them).</summary>
    private static string BuiltConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}
