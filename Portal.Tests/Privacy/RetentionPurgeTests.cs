extern alias Worker;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Outbox;
using Portal.Core.Payments;
using Portal.Core.Privacy;
using Portal.Tests.Infrastructure;
using Worker::Portal.Worker.Privacy;

namespace Portal.Tests.Privacy;

/// <summary>
/// The Worker's retention purge over a real database and a clock the test sets: what is past its period goes, in
/// batches; what is recent, still owed or dead-lettered stays.
/// </summary>
public sealed class RetentionPurgeTests(TestServers servers)
{
    private static readonly DateTimeOffset Now = ApiFactory.DefaultNow;
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rows_past_their_period_go_and_recent_owed_or_dead_lettered_ones_stay()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        var periods = new RetentionPeriods();
        var therapist = UserAccount.ForTherapist("retention@example.com", Now - TimeSpan.FromDays(400));
        await using (var db = TestDatabases.OpenPortalDb(database))
        {
            db.OutboxMessages.AddRange(
                Sent("sent-long-ago", Now - periods.SentOutbox - TimeSpan.FromHours(1)),
                Sent("sent-lately", Now - periods.SentOutbox + TimeSpan.FromHours(1)),
                Message("owed-long-ago", Now - TimeSpan.FromDays(365)),
                DeadLettered("dead-long-ago", Now - TimeSpan.FromDays(365)));
            db.MagicLinks.AddRange(
                Link("expired-long-ago", issued: Now - periods.SignInLinks - TimeSpan.FromDays(1)),
                Link("spent-long-ago", issued: Now - periods.SignInLinks - TimeSpan.FromDays(1), lifetime: TimeSpan.FromDays(30), spent: true),
                Link("expired-lately", issued: Now - periods.SignInLinks + TimeSpan.FromHours(1)),
                Link("claim-still-open", issued: Now - TimeSpan.FromDays(3), lifetime: TimeSpan.FromDays(7)));
            db.UserAccounts.Add(therapist);
            db.UserSessions.AddRange(
                Session(therapist, started: Now - periods.EndedSessions - TimeSpan.FromDays(8), lifetime: TimeSpan.FromDays(7)),
                Session(therapist, started: Now - periods.EndedSessions - TimeSpan.FromDays(1), lifetime: TimeSpan.FromDays(365), revokedAfter: TimeSpan.Zero),
                Session(therapist, started: Now - periods.EndedSessions - TimeSpan.FromDays(1), lifetime: TimeSpan.FromDays(7)),
                Session(therapist, started: Now - TimeSpan.FromDays(1), lifetime: TimeSpan.FromDays(7)));
            db.SignInEvents.AddRange(
                SignInEvent.Of(SignInEventKind.SignedIn, Now - periods.SignInEvents - TimeSpan.FromMinutes(1), "203.0.113.7"),
                SignInEvent.Of(SignInEventKind.SignedIn, Now - periods.SignInEvents + TimeSpan.FromMinutes(1), "203.0.113.7"));
            db.StripeEvents.AddRange(
                new StripeEventRecord { Id = "evt_long_ago", Type = "checkout.session.completed", ReceivedAt = Now - periods.StripeEvents - TimeSpan.FromDays(1) },
                new StripeEventRecord { Id = "evt_lately", Type = "checkout.session.completed", ReceivedAt = Now - TimeSpan.FromDays(4) });
            await db.SaveChangesAsync(ct);
        }

        using var worker = Worker(database);
        var purged = await worker.GetRequiredService<RetentionPurge>().PurgeAsync(ct);

        Assert.Equal(new RetentionPurged(SentOutbox: 1, SignInLinks: 2, EndedSessions: 2, SignInEvents: 1, StripeEvents: 1), purged);
        await using var after = TestDatabases.OpenPortalDb(database);
        Assert.Equal(["dead-long-ago", "owed-long-ago", "sent-lately"],
            await after.OutboxMessages.OrderBy(m => m.DeduplicationKey).Select(m => m.DeduplicationKey).ToListAsync(ct));
        Assert.Equal(["claim-still-open", "expired-lately"],
            await after.MagicLinks.OrderBy(l => l.EmailKey).Select(l => l.EmailKey).ToListAsync(ct));
        Assert.Equal(2, await after.UserSessions.CountAsync(ct));
        Assert.All(await after.UserSessions.ToListAsync(ct), s => Assert.True(s.ExpiresAt >= Now - periods.EndedSessions));
        Assert.Equal(Now - periods.SignInEvents + TimeSpan.FromMinutes(1), (await after.SignInEvents.SingleAsync(ct)).At);
        Assert.Equal("evt_lately", (await after.StripeEvents.SingleAsync(ct)).Id);
        Assert.True(await after.UserAccounts.AnyAsync(u => u.Id == therapist.Id, ct), "the account itself is not purged");
    }

    [Fact]
    public async Task More_rows_than_one_batch_all_go_a_batch_at_a_time()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using (var db = TestDatabases.OpenPortalDb(database))
        {
            db.OutboxMessages.AddRange(Enumerable.Range(0, 10).Select(i => Sent($"sent-{i}", Now - TimeSpan.FromDays(40 + i))));
            db.OutboxMessages.Add(Sent("sent-yesterday", Now - TimeSpan.FromDays(1)));
            db.SignInEvents.AddRange(Enumerable.Range(0, 7).Select(i => SignInEvent.Of(SignInEventKind.LinkRequested, Now - TimeSpan.FromDays(100 + i), null)));
            await db.SaveChangesAsync(ct);
        }

        using var worker = Worker(database, batchSize: 3);
        var purged = await worker.GetRequiredService<RetentionPurge>().PurgeAsync(ct);

        Assert.Equal(10, purged!.SentOutbox);
        Assert.Equal(7, purged.SignInEvents);
        await using var after = TestDatabases.OpenPortalDb(database);
        Assert.Equal("sent-yesterday", (await after.OutboxMessages.SingleAsync(ct)).DeduplicationKey);
        Assert.False(await after.SignInEvents.AnyAsync(ct));
    }

    [Fact]
    public async Task While_another_replica_purges_this_one_skips_the_round_and_deletes_nothing()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        await using (var db = TestDatabases.OpenPortalDb(database))
        {
            db.OutboxMessages.Add(Sent("sent-long-ago", Now - TimeSpan.FromDays(100)));
            await db.SaveChangesAsync(ct);
        }

        // Unpooled: closing it must end its session, and the lock with it.
        await using var otherReplica = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await otherReplica.OpenAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended('retention-purge', 0))", otherReplica))
        {
            await take.ExecuteScalarAsync(ct);
        }

        using var worker = Worker(database);
        Assert.Null(await worker.GetRequiredService<RetentionPurge>().PurgeAsync(ct));

        await otherReplica.CloseAsync();
        // The server lets go of a closed session's locks as its backend exits, a moment after the close returns.
        await Eventually.TrueAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(ct);
            await using var held = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
            return (long)(await held.ExecuteScalarAsync(ct))! == 0;
        }, TimeSpan.FromSeconds(10), "the other replica's purge lock was never let go");
        Assert.Equal(1, (await worker.GetRequiredService<RetentionPurge>().PurgeAsync(ct))!.SentOutbox);
    }

    [Theory]
    [InlineData("Retention:StripeEvents", "2.00:00:00", "at least 30 days")]
    [InlineData("Retention:SignInLinks", "00:00:00", "must be positive")]
    [InlineData("Retention:BatchSize", "0", "BatchSize must be positive")]
    public void Settings_that_would_purge_too_much_are_refused_at_start(string key, string value, string reason)
    {
        using var worker = Worker("Host=unused", settings: (key, value));

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => worker.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetentionPeriods>>().Value);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task An_unconfirmed_held_booking_goes_once_its_session_has_started_and_keeps_its_time_and_link_till_then()
    {
        var database = await servers.Databases.CreateMigratedAsync(ct);
        var periods = new RetentionPeriods();
        await using (var db = TestDatabases.OpenPortalDb(database))
        {
            var type = await db.SessionTypes.SingleAsync(t => t.Slug == "discovery-call", ct);
            // Both links were replaced long ago (a newer booking with the address each time): the holds keep theirs.
            foreach (var (name, start) in new[] { ("started", Now - TimeSpan.FromHours(1)), ("to-come", Now + TimeSpan.FromDays(20)) })
            {
                var link = Link($"held-{name}", issued: Now - periods.SignInLinks - TimeSpan.FromDays(30), lifetime: TimeSpan.FromDays(60));
                link.Supersede(Now - periods.SignInLinks - TimeSpan.FromDays(29));
                db.MagicLinks.Add(link);
                db.PendingBookings.Add(Portal.Core.Bookings.PendingBooking.Hold(
                    new Portal.Core.Clients.ContactDetails("Sam", $"{name}@example.com", "+447911123456"), "Europe/London", type, start,
                    link.Id, PrivacyNotice.CurrentVersion, Now - TimeSpan.FromDays(40)));
            }

            await db.SaveChangesAsync(ct);
        }

        using var worker = Worker(database);
        var purged = await worker.GetRequiredService<RetentionPurge>().PurgeAsync(ct);

        Assert.Equal(1, purged!.UnconfirmedHolds);
        await using var after = TestDatabases.OpenPortalDb(database);
        Assert.Equal(["to-come@example.com"], await after.PendingBookings.Select(p => p.Email).ToListAsync(ct));
        Assert.Equal(["held-to-come"], await after.MagicLinks.Select(l => l.EmailKey).ToListAsync(ct));
    }

    private static ServiceProvider Worker(string database, int? batchSize = null, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PortalDbRegistration.ConnectionName}"] = database,
        });
        if (batchSize is not null)
        {
            builder.Configuration["Retention:BatchSize"] = $"{batchSize}";
        }

        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddSingleton<TimeProvider>(new TestClock(Now));
        builder.AddPortalDb();
        builder.AddRetentionPurge();
        return builder.Services.BuildServiceProvider();
    }

    private static OutboxMessage Message(string key, DateTimeOffset at) =>
        OutboxMessage.Create(OutboxTypes.Notification, "{}", key, at, notBefore: null, traceParent: null);

    private static OutboxMessage Sent(string key, DateTimeOffset at)
    {
        var message = Message(key, at - TimeSpan.FromMinutes(1));
        message.Succeeded(at);
        return message;
    }

    private static OutboxMessage DeadLettered(string key, DateTimeOffset at)
    {
        var message = Message(key, at - TimeSpan.FromMinutes(1));
        message.DeadLetter("refused", at);
        return message;
    }

    /// <summary>A link named by its address key, so the test can tell which stayed.</summary>
    private static MagicLink Link(string name, DateTimeOffset issued, TimeSpan? lifetime = null, bool spent = false)
    {
        var (link, _) = MagicLink.Issue(name, LinkPurpose.SignIn, issued, lifetime ?? TimeSpan.FromMinutes(15));
        if (spent)
        {
            link.Consume(issued + TimeSpan.FromMinutes(1));
        }

        return link;
    }

    private static UserSession Session(UserAccount user, DateTimeOffset started, TimeSpan lifetime, TimeSpan? revokedAfter = null)
    {
        var (session, _) = UserSession.Start(user, started, lifetime);
        if (revokedAfter is { } after)
        {
            session.Revoke(started + after, "signed-out");
        }

        return session;
    }
}
