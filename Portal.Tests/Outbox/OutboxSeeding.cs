using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Outbox;

/// <summary>Puts emails straight into the outbox, as any change would, for the dispatcher tests.</summary>
internal static class OutboxSeeding
{
    public static async Task<List<string>> AddEmailsAsync(string connectionString, int count, string recipient = "reader{0}@example.com")
    {
        await using var db = TestDatabases.OpenPortalDb(connectionString);
        var keys = new List<string>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var key = $"test:{Guid.NewGuid():N}";
            EmailRequest email = new NewMessageEmail(
                string.Format(recipient, i), $"Reader {i}", "Europe/London", "Dr Anna Whitfield", now, ToTherapist: false);
            db.OutboxMessages.Add(OutboxMessage.Create(
                OutboxTypes.Email, JsonSerializer.Serialize(email, OutboxJson.Options), key, now, null, null));
            keys.Add(key);
        }

        await db.SaveChangesAsync();
        return keys;
    }

    public static async Task<List<OutboxMessage>> AllAsync(string connectionString)
    {
        await using var db = TestDatabases.OpenPortalDb(connectionString);
        return await db.OutboxMessages.AsNoTracking().ToListAsync();
    }
}
