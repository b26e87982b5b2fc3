using Microsoft.Extensions.Options;
using Portal.Core.Bookings;
using Portal.Core.Outbox;

namespace Portal.Core.Crm;

/// <summary>
/// What Twenty is owed when a client or a booking changes, written into the change's own transaction like every other
/// side effect: Twenty being down delays it, never loses it. Nothing clinical goes: who, the session's type, time, status.
/// </summary>
public sealed class CrmSync(SideEffects sideEffects, IOptions<TwentySettings> settings)
{
    /// <summary>The client's person in Twenty is brought up to date (made, the first time): name, email, phone, stage.</summary>
    /// <param name="previousEmail">The address the client had until now, when it changed: their person in Twenty is
    /// found by it and moved to the new one, rather than a second person made.</param>
    public void ClientChanged(Guid clientId, string? previousEmail = null)
    {
        if (settings.Value.Enabled)
        {
            sideEffects.Enqueue(OutboxTypes.CrmPerson, new CrmPersonSync(clientId, previousEmail), $"crm:person:{clientId:N}:{Guid.CreateVersion7():N}");
        }
    }

    /// <summary>
    /// The client was erased: their person in Twenty is deleted, found by the address this message carries (the client's
    /// row no longer has it). The Worker blanks the address in the message once Twenty has done it.
    /// </summary>
    public void PersonErased(string email)
    {
        if (settings.Value.Enabled && !string.IsNullOrWhiteSpace(email))
        {
            sideEffects.Enqueue(OutboxTypes.CrmPersonErasure, new CrmPersonErasure(email), $"crm:erasure:{Guid.CreateVersion7():N}");
        }
    }

    /// <summary>A booking confirmed, cancelled or completed: the person is brought up to date and gets a note saying so.</summary>
    public void BookingChanged(Booking booking, CrmBookingStatus status)
    {
        if (settings.Value.Enabled)
        {
            sideEffects.Enqueue(OutboxTypes.CrmBookingNote,
                new CrmBookingNote(booking.ClientId, booking.Id, booking.SessionType?.Name ?? "Session", booking.StartsAt, status),
                // A booking can move many times: each move is its own message (its note is found again by its title,
                // so a move back to a time it had before adds none).
                $"crm:booking:{booking.Id:N}:{status.ToString().ToLowerInvariant()}{(status == CrmBookingStatus.Moved ? $"-{Guid.CreateVersion7():N}" : "")}");
        }
    }
}

public enum CrmBookingStatus
{
    Confirmed,
    Cancelled,
    Completed,
    Moved,
    NoShow,
}

public static class CrmBookingStatusWords
{
    /// <summary>The status as the therapist reads it in Twenty and in the outbox ("missed", not "noshow").</summary>
    public static string InWords(this CrmBookingStatus status) =>
        status == CrmBookingStatus.NoShow ? "missed" : status.ToString().ToLowerInvariant();
}

public sealed record CrmPersonSync(Guid ClientId, string? PreviousEmail = null);

public sealed record CrmPersonErasure(string Email);

public sealed record CrmBookingNote(Guid ClientId, Guid BookingId, string SessionType, DateTimeOffset StartsAt, CrmBookingStatus Status);
