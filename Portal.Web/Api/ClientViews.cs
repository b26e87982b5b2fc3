namespace Portal.Web.Api;

/// <summary>What the clients list asks for (<c>GET /api/clients</c>).</summary>
public sealed record ClientQuery(string? Search = null, string? Stage = null, int Page = 1, int PageSize = 25, bool NewestFirst = false);

public sealed record ClientListingView(
    Guid Id, string Name, string Email, string Phone, string Stage, DateTimeOffset? DiscoveryCompletedAt,
    DateTimeOffset? NextSession, DateTimeOffset? LastSession, int UnreadMessages);

public sealed record ClientPageView(ClientListingView[] Clients, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record ClientView(
    Guid Id, string Name, string Email, string Phone, string TimeZone, string Stage, DateTimeOffset? DiscoveryCompletedAt,
    DateTimeOffset CreatedAt, bool MayBookAnotherDiscoveryCall, DateTimeOffset? AccountClaimedAt,
    DateTimeOffset? IntakeSubmittedAt = null, DateTimeOffset? IntakeWaivedAt = null);

public sealed record TimelineView(ClientView Client, TimelineEntryView[] Entries);

public sealed record TimelineEntryView(
    DateTimeOffset At, string Kind, BookingView? Session, TimelinePaymentView? Payment, TimelineMessageView? Message,
    NoteView? Note, TimelineStageChangeView? StageChange, TimelineConsentView? Consent);

public sealed record TimelinePaymentView(
    Guid Id, Guid BookingId, long AmountMinorUnits, string Currency, string Status, long RefundedMinorUnits, DateTimeOffset? PaidAt)
{
    public bool Refundable => Status is "Paid" or "PartiallyRefunded";
}

public sealed record TimelineMessageView(Guid ThreadId, string ThreadSubject, Guid MessageId, bool FromTherapist, bool Read);

public sealed record TimelineStageChangeView(string From, string To);

public sealed record TimelineConsentView(string Kind, string Version, string Source);

public sealed record NoteView(
    Guid Id, Guid ClientId, Guid? BookingId, string Structure, Guid? AmendsNoteId,
    string? Text, string? Subjective, string? Objective, string? Assessment, string? Plan,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SignedAt, bool Unreadable = false)
{
    public bool IsSoap => Structure == "Soap";

    /// <summary>The note's parts with their headings, in order, leaving out the empty ones.</summary>
    public IEnumerable<(string Heading, string Words)> Parts() =>
        (IsSoap
            ? new[] { ("Subjective", Subjective), ("Objective", Objective), ("Assessment", Assessment), ("Plan", Plan) }
            : new[] { ("Note", Text) })
        .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => (p.Item1, p.Item2!));
}

/// <summary>A note's words as the form sends them.</summary>
public sealed record NoteWords(string? Text, string? Subjective, string? Objective, string? Assessment, string? Plan);

public sealed record AuditEntryView(DateTimeOffset At, string Kind, string? Who, Guid? ClientId, string? ClientName, string? What, string? IpAddress);
