using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Messaging;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Practice;

namespace Portal.Core.Bookings;

/// <summary>
/// What a booking's change owes to people: emails, notifications, the calendar, a welcome, a reminder.
/// Written into the change's own transaction; the Worker does them.
/// </summary>
public sealed class BookingAnnouncements(PortalDb db, SideEffects sideEffects, Crm.CrmSync crm, TimeProvider clock)
{
    public static readonly TimeSpan ReminderLead = TimeSpan.FromHours(24);

    /// <summary>A booking became confirmed (a free session at once, a paid one when its payment lands).</summary>
    /// <param name="needsWelcome">The client has no welcome thread yet (the handler checks again: at most one per client).</param>
    /// <param name="protectedClaimToken">For a guest: the encrypted link to claim their account.</param>
    public void Confirmed(Booking booking, PracticeSettings settings, bool needsWelcome, string? protectedClaimToken = null)
    {
        var facts = BookingFacts.Of(booking);
        var key = $"booking:{booking.Id:N}:confirmed";
        sideEffects.Email(new BookingConfirmedEmail(facts, protectedClaimToken), $"{key}:client-email");
        sideEffects.Email(new NewBookingEmail(facts), $"{key}:therapist-email");
        sideEffects.Enqueue(OutboxTypes.Notification, ForClient(facts, $"Your {facts.SessionInSentence} is booked",
            ReadableTime.Short(facts.StartsAt, facts.ClientTimeZone)), $"{key}:client-notice");
        sideEffects.Enqueue(OutboxTypes.Notification, ForTherapist($"New booking: {facts.ClientName}",
            $"{facts.SessionTypeName}, {ReadableTime.Short(facts.StartsAt, settings.TimeZone)}"), $"{key}:therapist-notice");
        sideEffects.Enqueue(OutboxTypes.CalendarEvent, new CalendarSyncRequest(booking.Id), $"{key}:calendar");
        if (needsWelcome)
        {
            sideEffects.Enqueue(OutboxTypes.WelcomeThread, new WelcomeThreadRequest(booking.ClientId, booking.Client.Name), $"{key}:welcome-thread");
        }

        ScheduleReminder(booking);
        crm.BookingChanged(booking, Crm.CrmBookingStatus.Confirmed);
    }

    public async Task CancelledAsync(Booking booking, PracticeSettings settings, bool byTherapist, CancellationToken cancellationToken)
    {
        await DropRemindersAsync(booking, cancellationToken);
        var facts = BookingFacts.Of(booking);
        var key = $"booking:{booking.Id:N}:cancelled";
        Changed(facts, settings, BookingChange.Cancelled, previousStart: null, byTherapist, key,
            clientTitle: $"Your {facts.SessionInSentence} is cancelled",
            therapistTitle: $"Cancelled: {facts.ClientName}");
        crm.BookingChanged(booking, Crm.CrmBookingStatus.Cancelled);
    }

    public async Task RescheduledAsync(
        Booking booking, DateTimeOffset previousStart, PracticeSettings settings, bool byTherapist, CancellationToken cancellationToken)
    {
        await DropRemindersAsync(booking, cancellationToken);
        var facts = BookingFacts.Of(booking);
        // A booking can move many times, even back to where it was: each move is its own announcement.
        var key = $"booking:{booking.Id:N}:moved-{Guid.CreateVersion7():N}";
        Changed(facts, settings, BookingChange.Rescheduled, previousStart, byTherapist, key,
            clientTitle: $"Your {facts.SessionInSentence} has moved",
            therapistTitle: $"Moved: {facts.ClientName}");
        ScheduleReminder(booking);
        crm.BookingChanged(booking, Crm.CrmBookingStatus.Moved);
    }

    private void Changed(
        BookingFacts facts, PracticeSettings settings, BookingChange change, DateTimeOffset? previousStart, bool byTherapist,
        string key, string clientTitle, string therapistTitle)
    {
        sideEffects.Email(
            new BookingChangedEmail(facts, change, previousStart, ToTherapist: false, byTherapist), $"{key}:client-email");
        if (!byTherapist)
        {
            sideEffects.Email(
                new BookingChangedEmail(facts, change, previousStart, ToTherapist: true, byTherapist), $"{key}:therapist-email");
            sideEffects.Enqueue(OutboxTypes.Notification, ForTherapist(therapistTitle,
                $"{facts.SessionTypeName}, {ReadableTime.Short(facts.StartsAt, settings.TimeZone)}"), $"{key}:therapist-notice");
        }

        sideEffects.Enqueue(OutboxTypes.Notification, ForClient(facts, clientTitle,
            ReadableTime.Short(facts.StartsAt, facts.ClientTimeZone)), $"{key}:client-notice");
        sideEffects.Enqueue(OutboxTypes.CalendarEvent, new CalendarSyncRequest(facts.BookingId), $"{key}:calendar");
    }

    private void ScheduleReminder(Booking booking)
    {
        var sendAt = booking.StartsAt - ReminderLead;
        if (sendAt <= clock.GetUtcNow())
        {
            return; // booked inside a day: the confirmation is fresh enough.
        }

        sideEffects.Email(new ReminderEmail(BookingFacts.Of(booking)),
            ReminderKeyPrefix(booking.Id) + booking.StartsAt.UtcTicks, notBefore: sendAt);
    }

    /// <summary>
    /// A reminder not yet sent is withdrawn when its booking is cancelled or moved. Runs at once, so the caller
    /// holds a transaction that also saves the change.
    /// </summary>
    private Task DropRemindersAsync(Booking booking, CancellationToken cancellationToken)
    {
        var prefix = ReminderKeyPrefix(booking.Id);
        return db.OutboxMessages
            .Where(m => m.DeduplicationKey.StartsWith(prefix) && m.ProcessedAt == null)
            .ExecuteDeleteAsync(cancellationToken);
    }

    private static string ReminderKeyPrefix(Guid bookingId) => $"booking:{bookingId:N}:reminder:";

    private static NotificationRequest ForClient(BookingFacts facts, string title, string body) =>
        new(Audience.Client, facts.ClientId, title, body, "/me");

    private static NotificationRequest ForTherapist(string title, string body) =>
        new(Audience.Therapist, null, title, body, "/admin");
}

/// <summary>The outbox payload asking the calendar to match a booking's current state.</summary>
public sealed record CalendarSyncRequest(Guid BookingId);
