using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Core.Clients;
using Portal.Core.Messaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Messaging;

/// <summary>A practice that had messages before they were sealed: the migrate step seals them, and none is lost.</summary>
public sealed class PlainMessagesSealingTests(TestServers servers)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Messages_written_in_plain_text_are_sealed_on_the_way_to_the_latest_migration()
    {
        var connectionString = await servers.Databases.CreateEmptyAsync(ct);
        var client = Client.Register(new ContactDetails("Olu", "olu@example.com", "+447911123456"), "Europe/London", ApiFactory.DefaultNow);
        var threadId = Guid.CreateVersion7();
        await using (var db = TestDatabases.OpenPortalDb(connectionString))
        {
            // The database as the last version left it: the migration before sealing, a welcome thread in plain text.
            var before = (await db.Database.GetPendingMigrationsAsync(ct)).TakeWhile(m => m != PlainMessages.SealedColumnsAdded).Last();
            await db.GetService<IMigrator>().MigrateAsync(before, ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO clients (id, name, email, email_key, phone, time_zone, created_at, stage, may_book_another_discovery_call)
                VALUES ({client.Id}, 'Olu', 'olu@example.com', 'olu@example.com', '+447911123456', 'Europe/London', {ApiFactory.DefaultNow}, 'Prospect', false)
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO message_threads (id, client_id, subject, created_at, is_welcome) VALUES ({threadId}, {client.Id}, 'Welcome to Quiet Harbour', {ApiFactory.DefaultNow}, true);
                INSERT INTO messages (id, thread_id, from_therapist, body, sent_at) VALUES ({Guid.CreateVersion7()}, {threadId}, true, 'Welcome, and thank you for reaching out.', {ApiFactory.DefaultNow});
                """, ct);
        }

        await using (var db = TestDatabases.OpenPortalDb(connectionString))
        {
            await TestDatabases.Migrator(db, TestSealing.Sealer).MigrateAndSeedAsync(ct);
        }

        await using (var db = TestDatabases.OpenPortalDb(connectionString))
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
            var thread = await db.MessageThreads.Include(t => t.Messages).SingleAsync(t => t.Id == threadId, ct);
            Assert.Equal("Welcome to Quiet Harbour", TestSealing.Sealer.Open(thread.SealedSubject, thread.SealingPlace));
            var message = Assert.Single(thread.Messages);
            Assert.Equal("Welcome, and thank you for reaching out.", TestSealing.Sealer.Open(message.SealedBody, message.SealingPlace));
            Assert.Equal(ApiFactory.DefaultNow, thread.LastMessageAt);
        }
    }

    [Fact]
    public async Task Without_the_key_the_migrate_step_stops_before_dropping_plain_messages()
    {
        var connectionString = await servers.Databases.CreateEmptyAsync(ct);
        await using (var db = TestDatabases.OpenPortalDb(connectionString))
        {
            await db.GetService<IMigrator>().MigrateAsync(PlainMessages.SealedColumnsAdded, ct);
            var clientId = Guid.CreateVersion7();
            var threadId = Guid.CreateVersion7();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO clients (id, name, email, email_key, phone, time_zone, created_at, stage, may_book_another_discovery_call)
                VALUES ({clientId}, 'Ade', 'ade@example.com', 'ade@example.com', '+447911123456', 'Europe/London', {ApiFactory.DefaultNow}, 'Prospect', false);
                INSERT INTO message_threads (id, client_id, subject, created_at, last_message_at, is_welcome, started_by_client)
                VALUES ({threadId}, {clientId}, 'Hello', {ApiFactory.DefaultNow}, {ApiFactory.DefaultNow}, true, false);
                """, ct);
        }

        await using (var db = TestDatabases.OpenPortalDb(connectionString))
        {
            var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => TestDatabases.Migrator(db).MigrateAndSeedAsync(ct));
            Assert.Contains("sealing key", refusal.Message);
            Assert.Contains(PlainMessages.PlainColumnsDropped, await db.Database.GetPendingMigrationsAsync(ct));
        }
    }
}
