extern alias Worker;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Outbox;
using Portal.Core.Payments;
using Portal.Tests.Infrastructure;
using Portal.Tests.Payments;
using Worker::Portal.Worker.Backup;

namespace Portal.Tests.Backup;

/// <summary>A practice backed up while it runs, wiped, and restored, has everything back; a restore never overwrites.</summary>
public sealed class BackupRestoreTests(ApiFactory api, TestServers servers) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private readonly PaymentScenario payments = new(api);

    [Fact]
    public async Task A_wiped_practice_restored_from_its_archive_has_its_bookings_payments_owed_emails_and_Directus_back()
    {
        // Backed up as the Worker does it, as the app role; restored as the superuser, as scripts/restore.sh does.
        await using var practice = new BackupScenario(servers, api.AppConnectionString);
        await practice.CreateDirectusAsync();
        var booking = await payments.ClientBooksPaidAsync(PaymentScenario.Day(0, 11));
        await payments.DeliverAsync(payments.Paid(booking.Id));
        var owedBefore = await OwedEmailKeysAsync();
        Assert.Contains($"booking:{booking.Id:N}:confirmed:client-email", owedBefore);

        var archive = await practice.Backup().MakeAsync(practice.BackupsPath, ct);
        await practice.WipeAsync();
        var manifest = await practice.Restore(api.DatabaseConnectionString).RestoreAsync(archive, ct);
        // The restored tables belong to the superuser until the next start's roles step hands them to the owner.
        await servers.Databases.PrepareRolesAsync(api.DatabaseConnectionString, ct);

        Assert.Matches(@"practice-backup-\d{8}-\d{6}\.tar\.gz$", archive);
        Assert.Equal(["manifest.json", "portal.dump", "directus.dump", "directus-uploads/b1c2-harbour.jpg", "directus-uploads/thumbs/b1c2-harbour-small.jpg"],
            await EntryNamesAsync(archive));
        Assert.Empty(manifest.LeftOut);
        Assert.Equal(PortalMigrations.Known[^1], manifest.PortalMigration);

        Assert.Equal(BookingStatus.Confirmed, (await payments.BookingAsync(booking.Id)).Status);
        var payment = await payments.PaymentAsync(booking.Id);
        Assert.Equal((PaymentStatus.Paid, 7500L), (payment.Status, payment.AmountMinorUnits));
        Assert.Equal(owedBefore, await OwedEmailKeysAsync());
        Assert.Equal("The harbour at dawn", await BackupScenario.ScalarAsync<string>(practice.DirectusConnectionString,
            "SELECT title FROM directus_files WHERE filename_disk = 'b1c2-harbour.jpg'"));
        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(practice.UploadsPath, "b1c2-harbour.jpg"), ct));
        Assert.Equal("small", await File.ReadAllTextAsync(Path.Combine(practice.UploadsPath, "thumbs", "b1c2-harbour-small.jpg"), ct));

        // The running Api serves the restored practice, and the owed emails still go out.
        var therapist = await api.TherapistSignedInAsync();
        var listed = await therapist.GetFromJsonAsync<List<Portal.Api.Payments.PaymentResponse>>("/api/payments", ct);
        Assert.Contains(listed!, p => p.BookingId == booking.Id && p.Status == "Paid");
        var mail = Directory.CreateTempSubdirectory("portal-tests-backup-mail-");
        await using (var worker = TestWorker.Create(api.DatabaseConnectionString, new Dictionary<string, string?>
        {
            ["Email:PickupDirectory"] = mail.FullName,
        }, api.Clock))
        {
            await worker.DrainAsync(ct);
        }

        Assert.True(File.Exists(Path.Combine(mail.FullName, $"booking-{booking.Id:N}-confirmed-client-email.eml")));
        mail.Delete(recursive: true);
    }

    [Fact]
    public async Task A_restore_refuses_a_database_that_has_tables_and_changes_nothing()
    {
        await using var practice = new BackupScenario(servers, api.DatabaseConnectionString);
        await practice.CreateDirectusAsync();
        var archive = await practice.Backup().MakeAsync(practice.BackupsPath, ct);
        // Directus and its files are gone, but the portal database is still there: the restore must not start.
        await BackupScenario.ExecuteAsync(practice.DirectusConnectionString, "DROP TABLE directus_files");
        Directory.Delete(practice.UploadsPath, recursive: true);

        var refused = await Assert.ThrowsAsync<RestoreRefusedException>(() => practice.Restore().RestoreAsync(archive, ct));

        Assert.Matches(@"The database test_\w+ has \d+ table\(s\): restore only into an empty database\.", refused.Message);
        Assert.Equal(0L, await BackupScenario.ScalarAsync<long>(practice.DirectusConnectionString,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        Assert.False(Directory.Exists(practice.UploadsPath));
    }

    [Fact]
    public async Task A_restore_refuses_an_uploads_folder_that_is_not_empty()
    {
        await using var practice = new BackupScenario(servers, api.DatabaseConnectionString);
        await practice.CreateDirectusAsync();
        var archive = await practice.Backup().MakeAsync(practice.BackupsPath, ct);
        var emptyPortal = await servers.Databases.CreateEmptyAsync(ct);
        await BackupScenario.ExecuteAsync(practice.DirectusConnectionString, "DROP TABLE directus_files");
        Directory.Delete(practice.UploadsPath, recursive: true);
        Directory.CreateDirectory(practice.UploadsPath);
        await File.WriteAllTextAsync(Path.Combine(practice.UploadsPath, "newer.jpg"), "newer", ct);

        var refused = await Assert.ThrowsAsync<RestoreRefusedException>(() => practice.Restore(emptyPortal).RestoreAsync(archive, ct));

        Assert.Contains("is not empty: restore only into an empty one", refused.Message);
        Assert.Equal(["newer.jpg"], Directory.GetFiles(practice.UploadsPath).Select(Path.GetFileName));
        Assert.Equal(0L, await BackupScenario.ScalarAsync<long>(emptyPortal, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    private async Task<List<string>> OwedEmailKeysAsync()
    {
        await using var db = api.OpenDb();
        return await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Type == OutboxTypes.Email && m.ProcessedAt == null && m.DeadLetteredAt == null)
            .Select(m => m.DeduplicationKey).OrderBy(k => k).ToListAsync(ct);
    }

    private async Task<List<string>> EntryNamesAsync(string archive)
    {
        await using var file = File.OpenRead(archive);
        await using var tar = new TarReader(new GZipStream(file, CompressionMode.Decompress));
        var names = new List<string>();
        while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }
}
