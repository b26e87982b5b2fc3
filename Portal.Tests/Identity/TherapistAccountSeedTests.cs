using Microsoft.EntityFrameworkCore;
using Portal.Core.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

public sealed class TherapistAccountSeedTests(TestServers servers)
{
    [Fact]
    public async Task The_therapists_account_is_created_once_from_configuration_and_becomes_the_practice_address()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = TestDatabases.OpenPortalDb(await servers.Databases.CreateMigratedAsync(ct));

        Assert.True(await TherapistAccountSeed.EnsureAsync(db, "Anna@QuietHarbour.example", ApiFactory.DefaultNow, ct));
        Assert.False(await TherapistAccountSeed.EnsureAsync(db, "anna@quietharbour.example", ApiFactory.DefaultNow, ct));
        Assert.False(await TherapistAccountSeed.EnsureAsync(db, null, ApiFactory.DefaultNow, ct));

        var account = await db.UserAccounts.SingleAsync(ct);
        Assert.Equal(Role.Therapist, account.Role);
        Assert.Equal("anna@quietharbour.example", account.EmailKey);
        Assert.Equal("Anna@QuietHarbour.example", (await db.PracticeSettings.SingleAsync(ct)).TherapistEmail);
    }
}
