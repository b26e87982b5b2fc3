namespace Portal.Tests.Infrastructure;

/// <summary>A second Api instance over the first one's database and Redis: another replica of the same deployment.</summary>
public sealed class ReplicaOf(ApiFactory first, TestServers servers) : ApiFactory(servers)
{
    protected override Task<string> CreateDatabaseAsync(TestServers servers) => Task.FromResult(first.DatabaseConnectionString);
}
