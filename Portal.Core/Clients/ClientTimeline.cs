using Portal.Core.Messaging;
using Portal.Core.Sealing;
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
public sealed class ClientTimeline(PortalDb db, NoteDesk notes, Sealer sealer, TimeProvider clock)
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
        var threads = await db.MessageThreads.AsNoTracking().Where(t => t.ClientId == clientId).ToListAsync(cancellationToken);
        var subjects = threads.ToDictionary(t => t.Id, SubjectOf);
        var messages = (await db.Messages.AsNoTracking().Where(m => db.MessageThreads.Any(t => t.Id == m.ThreadId && t.ClientId == clientId))
                .Select(m => new { m.Id, m.ThreadId, m.FromTherapist, m.SentAt, Read = m.ReadAt != null }).ToListAsync(cancellationToken))
            .Select(m => new TimelineMessage(m.ThreadId, subjects[m.ThreadId], m.Id, m.FromTherapist, m.SentAt, m.Read)).ToList();
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

    private string SubjectOf(MessageThread thread)
    {
        try
        {
            return sealer.Open(thread.SealedSubject, thread.SealingPlace);
        }
        catch (SealedValueException)
        {
            return "(a subject that cannot be opened)";
        }
    }
}
