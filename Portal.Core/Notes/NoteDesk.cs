using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Core.Data;
using Portal.Core.Sealing;

namespace Portal.Core.Notes;

/// <summary>A note as the therapist reads it, opened.</summary>
/// <param name="Unreadable">The words did not open (their key is no longer configured, or the value was damaged).</param>
public sealed record OpenedNote(
    Guid Id, Guid ClientId, Guid? BookingId, NoteStructure Structure, Guid? AmendsNoteId, NoteContent Content,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SignedAt, bool Unreadable = false);

/// <summary>Why a change to a note was refused, in words the therapist reads.</summary>
public sealed record NoteRefusal(string Title, string Detail, bool NotFound = false)
{
    public static readonly NoteRefusal NoSuchNote = new("No such note", "There is no note with that id.", NotFound: true);
    public static readonly NoteRefusal NoSuchClient = new("No such client", "There is no client with that id.", NotFound: true);
    public static readonly NoteRefusal Signed = new("The note is signed",
        "A signed note is never changed. Add an amendment to it instead: the original stays as it was.");
    public static readonly NoteRefusal AmendsADraft = new("The note is a draft",
        "Only a signed note is amended. A draft can still be changed as it is.");
    public static readonly NoteRefusal NotTheirSession = new("Not this client's session",
        "The session named is not one of this client's. Choose one of theirs, or none.");
}

/// <summary>
/// Session notes: written as drafts, signed, amended; sealed at rest; every showing to the therapist audited.
/// The words never leave through anything but these reads: no log line, notification, email or outbox message holds them.
/// </summary>
public sealed partial class NoteDesk(PortalDb db, Sealer sealer, TimeProvider clock, Microsoft.Extensions.Logging.ILogger<NoteDesk> logger)
{
    /// <summary>The error the database raises for a change to a signed note (migration SessionNotesAndAudit).</summary>
    private const string SignedNoteTrigger = "P0001";

    public async Task<(OpenedNote? Note, NoteRefusal? Refusal)> StartAsync(
        Guid clientId, Guid? bookingId, NoteStructure structure, NoteContent content, CancellationToken cancellationToken)
    {
        if (!await db.Clients.AnyAsync(c => c.Id == clientId, cancellationToken))
        {
            return (null, NoteRefusal.NoSuchClient);
        }

        if (bookingId is { } booking && !await db.Bookings.AnyAsync(b => b.Id == booking && b.ClientId == clientId, cancellationToken))
        {
            return (null, NoteRefusal.NotTheirSession);
        }

        var now = clock.GetUtcNow();
        var note = SessionNote.Draft(clientId, bookingId, structure, amends: null, now);
        return (await SaveNewAsync(note, content, now, cancellationToken), null);
    }

    /// <summary>Saves a draft's words (as she types); a signed note is refused.</summary>
    public async Task<(OpenedNote? Note, NoteRefusal? Refusal)> SaveDraftAsync(Guid noteId, NoteContent content, CancellationToken cancellationToken)
    {
        var note = await db.SessionNotes.SingleOrDefaultAsync(n => n.Id == noteId, cancellationToken);
        if (note is null)
        {
            return (null, NoteRefusal.NoSuchNote);
        }

        if (note.IsSigned)
        {
            return (null, NoteRefusal.Signed);
        }

        var words = content.For(note.Structure);
        note.Write(sealer.Seal(words.ToJson(), note.SealingPlace), clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is Npgsql.PostgresException { SqlState: SignedNoteTrigger })
        {
            return (null, NoteRefusal.Signed); // signed in the moment between the read and this save
        }

        return (Opened(note, words), null);
    }

    public async Task<(OpenedNote? Note, NoteRefusal? Refusal)> SignAsync(Guid noteId, Reader reader, CancellationToken cancellationToken)
    {
        var note = await db.SessionNotes.SingleOrDefaultAsync(n => n.Id == noteId, cancellationToken);
        if (note is null)
        {
            return (null, NoteRefusal.NoSuchNote);
        }

        note.Sign(clock.GetUtcNow());
        Audit(reader, note.ClientId, $"note {note.Id:N}, signed");
        await db.SaveChangesAsync(cancellationToken);
        return (Open(note), null);
    }

    /// <summary>Starts an amendment of a signed note, as a draft of its own; the original is not touched.</summary>
    public async Task<(OpenedNote? Note, NoteRefusal? Refusal)> AmendAsync(Guid noteId, NoteContent content, CancellationToken cancellationToken)
    {
        var original = await db.SessionNotes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == noteId, cancellationToken);
        if (original is null)
        {
            return (null, NoteRefusal.NoSuchNote);
        }

        if (!original.IsSigned)
        {
            return (null, NoteRefusal.AmendsADraft);
        }

        var now = clock.GetUtcNow();
        var amendment = SessionNote.Draft(original.ClientId, original.BookingId, original.Structure, original.Id, now);
        return (await SaveNewAsync(amendment, content, now, cancellationToken), null);
    }

    /// <summary>One note, opened for the therapist; the showing is audited.</summary>
    public async Task<OpenedNote?> ReadAsync(Guid noteId, Reader reader, CancellationToken cancellationToken)
    {
        var note = await db.SessionNotes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == noteId, cancellationToken);
        if (note is null)
        {
            return null;
        }

        Audit(reader, note.ClientId, $"note {note.Id:N}");
        await db.SaveChangesAsync(cancellationToken);
        return Open(note);
    }

    /// <summary>Every note on a client, newest first, opened; the showing is audited.</summary>
    public async Task<IReadOnlyList<OpenedNote>> ReadAllAsync(Guid clientId, Reader reader, string shownOn, CancellationToken cancellationToken)
    {
        var notes = await db.SessionNotes.AsNoTracking().Where(n => n.ClientId == clientId)
            .OrderByDescending(n => n.CreatedAt).ToListAsync(cancellationToken);
        if (notes.Count > 0)
        {
            Audit(reader, clientId, $"{shownOn}: {notes.Count} note{(notes.Count == 1 ? "" : "s")}");
            await db.SaveChangesAsync(cancellationToken);
        }

        return [.. notes.Select(Open)];
    }

    /// <summary>Each client's latest signed note (what "Today" shows beside a session); each showing is audited.</summary>
    public async Task<IReadOnlyList<OpenedNote>> LatestSignedAsync(IReadOnlyCollection<Guid> clientIds, Reader reader, CancellationToken cancellationToken)
    {
        var latest = await db.SessionNotes.AsNoTracking()
            .Where(n => clientIds.Contains(n.ClientId) && n.SignedAt != null)
            .GroupBy(n => n.ClientId)
            .Select(notes => notes.OrderByDescending(n => n.SignedAt).First())
            .ToListAsync(cancellationToken);
        foreach (var note in latest)
        {
            Audit(reader, note.ClientId, $"today: last note {note.Id:N}");
        }

        await db.SaveChangesAsync(cancellationToken);
        return [.. latest.Select(Open)];
    }

    private async Task<OpenedNote> SaveNewAsync(SessionNote note, NoteContent content, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var words = content.For(note.Structure);
        note.Write(sealer.Seal(words.ToJson(), note.SealingPlace), now);
        db.SessionNotes.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        return Opened(note, words);
    }

    private void Audit(Reader reader, Guid clientId, string shown) =>
        db.ClinicalReads.Add(ClinicalRead.Of(reader, clientId, ClinicalRecord.Notes, shown, clock.GetUtcNow()));

    /// <summary>The note with its words; one that does not open is shown as such, and the client's other notes still are.</summary>
    private OpenedNote Open(SessionNote note)
    {
        try
        {
            return Opened(note, NoteContent.FromJson(sealer.Open(note.SealedContent, note.SealingPlace)));
        }
        catch (SealedValueException exception)
        {
            LogUnreadable(note.Id, exception.Message);
            return Opened(note, new NoteContent()) with { Unreadable = true };
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error,
        Message = "Session note {NoteId} does not open: {Reason}")]
    private partial void LogUnreadable(Guid noteId, string reason);

    private static OpenedNote Opened(SessionNote note, NoteContent content) => new(
        note.Id, note.ClientId, note.BookingId, note.Structure, note.AmendsNoteId, content, note.CreatedAt, note.UpdatedAt, note.SignedAt);
}
