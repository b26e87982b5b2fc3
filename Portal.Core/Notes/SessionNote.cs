namespace Portal.Core.Notes;

/// <summary>How a note is laid out: free text, or the SOAP headings.</summary>
public enum NoteStructure
{
    Free,
    Soap,
}

/// <summary>
/// The therapist's note on a client, optionally on one of their sessions. A draft changes as she types; once signed it
/// never changes again: a correction is an amendment, a note of its own that points at the one it amends, and both
/// are kept with their times. The words are sealed (<see cref="Sealing.Sealer"/>): this row holds no plain text.
/// </summary>
public sealed class SessionNote
{
    private SessionNote()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    /// <summary>The session the note is about; null for a note on the client in general.</summary>
    public Guid? BookingId { get; private set; }

    public NoteStructure Structure { get; private set; }

    /// <summary>The signed note this one amends; null for an original.</summary>
    public Guid? AmendsNoteId { get; private set; }

    /// <summary>The <see cref="NoteContent"/>, sealed where it is (<see cref="SealingPlace"/>).</summary>
    public byte[] SealedContent { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? SignedAt { get; private set; }

    public bool IsSigned => SignedAt is not null;

    /// <summary>Binds the sealed words to this note: copied into another row they no longer open.</summary>
    public string SealingPlace => $"session-note:{Id:N}";

    internal static SessionNote Draft(Guid clientId, Guid? bookingId, NoteStructure structure, Guid? amends, DateTimeOffset now) => new()
    {
        ClientId = clientId, BookingId = bookingId, Structure = structure, AmendsNoteId = amends, CreatedAt = now, UpdatedAt = now,
    };

    internal void Write(byte[] sealedContent, DateTimeOffset now)
    {
        if (IsSigned)
        {
            throw new InvalidOperationException("A signed note is never changed.");
        }

        SealedContent = sealedContent;
        UpdatedAt = now;
    }

    internal void Sign(DateTimeOffset now) => SignedAt ??= now;
}
