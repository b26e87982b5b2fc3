using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;
using Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal;
using Portal.Core.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// <summary>
/// Every process runs on the compiled model in Portal.Core/Data/CompiledModel, not on a model built at start. A model
/// change that is not compiled again would leave the services on the old one, so the model is compiled here as
/// `dotnet ef dbcontext optimize` compiles it and must come out as the checked-in files (but for the model's id, new at each compilation).
/// </summary>
public sealed partial class CompiledModelTests
{
    private static readonly string CheckedIn = Path.Combine(Repository.Root, "Portal.Core", "Data", "CompiledModel");

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
            var checkedIn = Directory.GetFiles(CheckedIn).ToDictionary(file => Path.GetFileName(file), Read);
            const string Advice = "The EF model changed since the compiled model was made: run `dotnet ef dbcontext optimize --project Portal.Core --output-dir Data/CompiledModel --namespace Portal.Core.Data.CompiledModel`.";
            Assert.True(compiledNow.Keys.Order().SequenceEqual(checkedIn.Keys.Order()), Advice);
            Assert.All(compiledNow, file => Assert.True(file.Value == checkedIn[file.Key], $"{file.Key} differs. {Advice}"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static string Read(string file) => ModelId().Replace(File.ReadAllText(file), "modelId: new Guid()");

    [GeneratedRegex("""modelId: new Guid\("[0-9a-f-]+"\)""")]
    private static partial Regex ModelId();

    private static ICompiledModelScaffolder Scaffolder(PortalDb db)
    {
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(db);
#pragma warning disable EF1001 // The Npgsql provider's design-time services, as `dotnet ef` loads them.
        new NpgsqlDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
        return services.BuildServiceProvider().GetRequiredService<ICompiledModelScaffolder>();
    }
}
