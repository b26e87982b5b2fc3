using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using Portal.Core.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// <summary>
/// Every process runs on the compiled model in Portal.Core/Data/CompiledModel, not on a model built at start. A model
/// change that is not compiled again would leave the services on the old one, so the model is compiled here as
/// `dotnet ef dbcontext optimize` compiles it and must come out as the checked-in files (but for the model's id, new at
/// each compilation).
/// </summary>
public sealed partial class CompiledModelTests
{
    private static readonly string CheckedIn = Path.Combine(Repository.Root, "Portal.Core", "Data", "CompiledModel");

    private const string Advice = "The EF model, or EF Core's version, changed since the compiled model was made: run "
        + "`rm -rf Portal.Core/Data/CompiledModel && dotnet ef dbcontext optimize --project Portal.Core --output-dir Data/CompiledModel --namespace Portal.Core.Data.CompiledModel`.";

    [Fact]
    public void Every_PortalDb_runs_on_the_compiled_model()
    {
        using var db = TestDatabases.OpenPortalDb("Host=127.0.0.1;Port=1");

        Assert.IsType<Portal.Core.Data.CompiledModel.PortalDbModel>(db.Model);
    }

    [Fact]
    public void The_compiled_model_is_the_model_compiled_now()
    {
        using var db = TestDatabases.OpenPortalDb("Host=127.0.0.1;Port=1");
        var output = Directory.CreateTempSubdirectory("compiled-model-").FullName;
        try
        {
            var written = Scaffolder(db).ScaffoldModel(db.GetService<IDesignTimeModel>().Model, output, new CompiledModelCodeGenerationOptions
            {
                ContextType = typeof(PortalDb),
                ModelNamespace = "Portal.Core.Data.CompiledModel",
                Language = "C#",
            });

            var compiledNow = written.ToDictionary(file => Path.GetFileName(file), Read);
            var checkedIn = Directory.GetFiles(CheckedIn, "*.cs").ToDictionary(file => Path.GetFileName(file), Read);
            var missing = compiledNow.Keys.Except(checkedIn.Keys).Order().ToList();
            var extra = checkedIn.Keys.Except(compiledNow.Keys).Order().ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0, $"Not checked in: [{string.Join(", ", missing)}]; no longer compiled: [{string.Join(", ", extra)}]. {Advice}");
            Assert.All(compiledNow, file => Assert.True(file.Value == checkedIn[file.Key], $"{file.Key} differs. {Advice}"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static string Read(string file) => ModelId().Replace(File.ReadAllText(file).ReplaceLineEndings("\n"), "modelId: new Guid()");

    [GeneratedRegex("""modelId: new Guid\("[0-9a-f-]+"\)""")]
    private static partial Regex ModelId();

    private static ICompiledModelScaffolder Scaffolder(PortalDb db)
    {
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(db);
        // The provider's design-time services, found as `dotnet ef` finds them: named by an attribute of its assembly.
        var provider = typeof(NpgsqlDbContextOptionsBuilder).Assembly;
        var named = provider.GetCustomAttribute<DesignTimeProviderServicesAttribute>()!.TypeName;
        ((IDesignTimeServices)Activator.CreateInstance(provider.GetType(named, throwOnError: true)!)!).ConfigureDesignTimeServices(services);
        return services.BuildServiceProvider().GetRequiredService<ICompiledModelScaffolder>();
    }
}
