using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Notes;
using Portal.Core.Payments;
using Portal.Core.Privacy;

namespace Portal.Core.Clients;

public enum TimelineKind
{
    Joined,
    Session,
    Payment,
    Message,
    Note,
    StageChange,
    Consent,
}

/// <summary>One thing that happened in a client's story; the part that matches <see cref="Kind"/> is set.</summary>
public sealed record TimelineEntry(
    DateTimeOffset At,
    TimelineKind Kind,
    Booking? Session = null,
    Payment? Payment = null,
    TimelineMessage? Message = null,
    OpenedNote? Note = null,
    ClientStageChange? StageChange = null,
    ClientConsent? Consent = null);

/// <summary>A message as the timeline names it: who wrote, in which thread, when; the words stay in the thread.</summary>
public sealed record TimelineMessage(Guid ThreadId, string ThreadSubject, Guid MessageId, bool FromTherapist, DateTimeOffset SentAt, bool Read);

/// <summary>
/// A client's page: their story, newest first (sessions by their start, so the next one leads). Showing it shows their
/// notes and messages, so each view is audited through <see cref="NoteDesk"/> and here.
/// </summary>
public sealed class ClientTimeline(PortalDb db, NoteDesk notes, TimeProvider clock)
{
    public async Task<(Client Client, IReadOnlyList<TimelineEntry> Entries)?> ReadAsync(Guid clientId, Reader reader, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsNoTracking().Include(c => c.StageChanges).SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
        if (client is null)
        {
            return null;
        }

        var sessions = await db.Bookings.AsNoTracking().Include(b => b.SessionType).Include(b => b.Client)
            .Where(b => b.ClientId == clientId).ToListAsync(cancellationToken);
        var payments = await db.Payments.AsNoTracking().Where(p => p.ClientId == clientId).ToListAsync(cancellationToken);
        var consents = await db.ClientConsents.AsNoTracking().Where(c => c.ClientId == clientId).ToListAsync(cancellationToken);
        var messages = await (from message in db.Messages.AsNoTracking()
                              join thread in db.MessageThreads.AsNoTracking() on message.ThreadId equals thread.Id
                              where thread.ClientId == clientId
                              select new TimelineMessage(thread.Id, thread.Subject, message.Id, message.FromTherapist, message.SentAt, message.ReadAt != null))
            .ToListAsync(cancellationToken);
        if (messages.Count > 0)
        {
            db.ClinicalReads.Add(ClinicalRead.Of(reader, clientId, ClinicalRecord.Messages,
                $"client page: {messages.Count} message{(messages.Count == 1 ? "" : "s")} listed", clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }

        var entries = new List<TimelineEntry> { new(client.CreatedAt, TimelineKind.Joined) };
        entries.AddRange(sessions.Select(s => new TimelineEntry(s.StartsAt, TimelineKind.Session, Session: s)));
        entries.AddRange(payments.Select(p => new TimelineEntry(p.PaidAt ?? p.CreatedAt, TimelineKind.Payment, Payment: p)));
        entries.AddRange(messages.Select(m => new TimelineEntry(m.SentAt, TimelineKind.Message, Message: m)));
        entries.AddRange((await notes.ReadAllAsync(clientId, reader, "client page", cancellationToken))
            .Select(n => new TimelineEntry(n.SignedAt ?? n.UpdatedAt, TimelineKind.Note, Note: n)));
        // Newest first within the same instant too (the sort below keeps this order for ties).
        entries.AddRange(client.StageChanges.AsEnumerable().Reverse().Select(c => new TimelineEntry(c.At, TimelineKind.StageChange, StageChange: c)));
        entries.AddRange(consents.Select(c => new TimelineEntry(c.GivenAt, TimelineKind.Consent, Consent: c)));
        return (client, [.. entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Kind)]);
    }
}
