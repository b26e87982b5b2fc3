using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Outbox;

namespace Portal.Core.Erasure;

/// <summary>
/// Outbox messages and the therapist's notifications that carry a client's address, id, phone or name: emails and
/// notices still owed to them go unsent, and copies of those sent go. A name alone decides only for messages already
/// sent, or for in-app notices (the therapist's "New booking: …"), since another client may share it. Refunds, calendar changes and checkouts carry only their own ids and stay owed.
/// </summary>
internal sealed class ErasedOutbox(PortalDb db)
{
    public async Task DeleteAsync(Guid clientId, string email, string name, string phone, CancellationToken cancellationToken)
    {
        var (id, address, tel, words) = (clientId.ToString(), email.ToLowerInvariant(), phone, WholeWords(name));
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM outbox_messages
            WHERE strpos(lower(payload::text), {address}) > 0
               OR strpos(payload::text, {id}) > 0
               OR ({tel} <> '' AND strpos(payload::text, {tel}) > 0)
               OR ((processed_at IS NOT NULL OR dead_lettered_at IS NOT NULL OR type = {OutboxTypes.Notification}) AND payload::text ~* {words})
            """, cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM notifications
            WHERE audience = 'Therapist' AND (title ~* {words} OR body ~* {words} OR link LIKE '%' || {id} || '%')
            """, cancellationToken);
    }

    /// <summary>The name as whole words, in PostgreSQL's regular-expression syntax, its punctuation taken literally.</summary>
    private static string WholeWords(string name)
    {
        var escaped = new StringBuilder();
        foreach (var c in name.Trim())
        {
            escaped.Append(char.IsLetterOrDigit(c) || c == ' ' ? c.ToString() : "\\" + c);
        }

        return escaped.Length == 0 ? "(?!)" : $"\\m{escaped}\\M";
    }
}
