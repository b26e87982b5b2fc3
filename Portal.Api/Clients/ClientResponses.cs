using Portal.Api.Bookings;
using Portal.Api.Notes;
using Portal.Core.Clients;

namespace Portal.Api.Clients;

public sealed record ClientResponse(
    Guid Id, string Name, string Email, string Phone, string TimeZone, string Stage, DateTimeOffset? DiscoveryCompletedAt,
    DateTimeOffset CreatedAt, bool MayBookAnotherDiscoveryCall, DateTimeOffset? AccountClaimedAt,
    DateTimeOffset? IntakeSubmittedAt = null, DateTimeOffset? IntakeWaivedAt = null)
{
    public static ClientResponse From(Client client) => new(
        client.Id, client.Name, client.Email, client.Phone, client.TimeZone, client.Stage.ToString(), client.DiscoveryCompletedAt,
        client.CreatedAt, client.MayBookAnotherDiscoveryCall, client.AccountClaimedAt, client.IntakeSubmittedAt, client.IntakeWaivedAt);
}

public sealed record ClientListingResponse(
    Guid Id, string Name, string Email, string Phone, string Stage, DateTimeOffset? DiscoveryCompletedAt,
    DateTimeOffset? NextSession, DateTimeOffset? LastSession, int UnreadMessages)
{
    public static ClientListingResponse From(ClientListing c) => new(
        c.Id, c.Name, c.Email, c.Phone, c.Stage.ToString(), c.DiscoveryCompletedAt, c.NextSession, c.LastSession, c.UnreadMessages);
}

public sealed record ClientPageResponse(ClientListingResponse[] Clients, int Total, int Page, int PageSize);

public sealed record TimelineResponse(ClientResponse Client, TimelineEntryResponse[] Entries);

/// <summary>One entry of a client's timeline; the part named by <see cref="Kind"/> is set.</summary>
public sealed record TimelineEntryResponse(
    DateTimeOffset At,
    string Kind,
    BookingResponse? Session = null,
    TimelinePaymentResponse? Payment = null,
    TimelineMessageResponse? Message = null,
    NoteResponse? Note = null,
    TimelineStageChangeResponse? StageChange = null,
    TimelineConsentResponse? Consent = null)
{
    public static TimelineEntryResponse From(TimelineEntry entry) => new(
        entry.At,
        entry.Kind.ToString(),
        entry.Session is { } session ? BookingResponse.From(session) : null,
        entry.Payment is { } p
            ? new TimelinePaymentResponse(p.Id, p.BookingId, p.AmountMinorUnits, p.Currency, p.Status.ToString(), p.RefundedMinorUnits, p.PaidAt)
            : null,
        entry.Message is { } m ? new TimelineMessageResponse(m.ThreadId, m.ThreadSubject, m.MessageId, m.FromTherapist, m.Read) : null,
        entry.Note is { } note ? NoteResponse.From(note) : null,
        entry.StageChange is { } change ? new TimelineStageChangeResponse(change.From.ToString(), change.To.ToString()) : null,
        entry.Consent is { } consent ? new TimelineConsentResponse(consent.Kind.ToString(), consent.Version, consent.Source) : null);
}

public sealed record TimelinePaymentResponse(
    Guid Id, Guid BookingId, long AmountMinorUnits, string Currency, string Status, long RefundedMinorUnits, DateTimeOffset? PaidAt);

public sealed record TimelineMessageResponse(Guid ThreadId, string ThreadSubject, Guid MessageId, bool FromTherapist, bool Read);

public sealed record TimelineStageChangeResponse(string From, string To);

public sealed record TimelineConsentResponse(string Kind, string Version, string Source);
