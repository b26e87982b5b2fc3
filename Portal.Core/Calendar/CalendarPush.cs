using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Core.Bookings;
using Portal.Core.Data;

namespace Portal.Core.Calendar;

/// <summary>
/// Makes her Google calendar match one booking: a confirmed booking is inserted (with its own event id, so a retry
/// after a lost answer is a 409 <c>duplicate</c>, not a second event) or patched to its current time; a cancelled one
/// is deleted (410 <c>deleted</c> means it already was). Online sessions get a Meet link, kept for the client.
/// </summary>
public sealed class CalendarPush(IGoogleCalendarApi google, GoogleAccess access, TimeProvider clock)
{
    /// <summary>While the connection is broken, owed pushes wait this long between looks (without using up attempts).</summary>
    public static readonly TimeSpan BrokenWait = TimeSpan.FromMinutes(15);

    public async Task<PushOutcome> PushAsync(PortalDb db, Guid bookingId, CancellationToken cancellationToken)
    {
        var connection = await db.GoogleConnections.AsNoTracking().CurrentAsync(cancellationToken);
        if (connection is null)
        {
            return new PushOutcome.Nothing($"no calendar connected; booking {bookingId} not pushed");
        }

        if (connection.IsBroken)
        {
            return new PushOutcome.Wait(GoogleAccess.BrokenSentence, BrokenWait);
        }

        var booking = await db.Bookings.AsNoTracking().Include(b => b.Client).Include(b => b.SessionType)
            .SingleOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (booking is null)
        {
            return new PushOutcome.Nothing($"booking {bookingId} no longer exists");
        }

        var pushed = await db.PushedEvents.AsNoTracking().SingleOrDefaultAsync(p => p.BookingId == bookingId, cancellationToken);
        var practice = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        try
        {
            try
            {
                var token = await access.TokenAsync(db, connection, cancellationToken);
                return await PushAsync(token, connection, booking, pushed, practice.TimeZone, cancellationToken);
            }
            catch (GoogleApiException e) when (e.Status == 401)
            {
                var token = await access.TokenAsync(db, connection, cancellationToken, forceRefresh: true);
                return await PushAsync(token, connection, booking, pushed, practice.TimeZone, cancellationToken);
            }
        }
        catch (GoogleConnectionBrokenException)
        {
            return new PushOutcome.Wait(GoogleAccess.BrokenSentence, BrokenWait);
        }
        catch (GoogleApiException e) when (e.Status is 400)
        {
            return new PushOutcome.Refused(e.Message);
        }
        catch (GoogleApiException e)
        {
            return new PushOutcome.Retry(e.Message);
        }
    }

    private async Task<PushOutcome> PushAsync(
        string token, GoogleConnection connection, Booking booking, PushedEvent? pushed, string timeZone, CancellationToken cancellationToken)
    {
        var eventId = pushed?.EventId ?? EventIds.Of(booking.Id);
        var calendarId = pushed?.CalendarId ?? connection.DestinationCalendarId;
        switch (booking.Status)
        {
            case BookingStatus.Cancelled or BookingStatus.Expired:
                try
                {
                    await google.DeleteEventAsync(token, calendarId, eventId, cancellationToken);
                }
                catch (GoogleApiException e) when (e.Status is 404 or 410)
                {
                    // Deleted already (a retry after a lost answer, or by her in Google), or never made.
                }

                return new PushOutcome.Pushed("event deleted", null);

            case BookingStatus.Confirmed:
                var body = EventOf(booking, timeZone);
                GoogleEvent answer;
                if (pushed is null)
                {
                    try
                    {
                        answer = await google.InsertEventAsync(token, calendarId, body with
                        {
                            Id = eventId,
                            ConferenceData = booking.SessionType.Mode == SessionMode.Virtual
                                ? new ConferenceData(new ConferenceCreateRequest(booking.Id.ToString("N"), new ConferenceSolutionKey("hangoutsMeet")))
                                : null,
                        }, withConference: booking.SessionType.Mode == SessionMode.Virtual, cancellationToken);
                    }
                    catch (GoogleApiException e) when (e.Status == 409)
                    {
                        // Inserted before and the answer lost: the event is there; bring it to the booking's time.
                        answer = await google.PatchEventAsync(token, calendarId, eventId, body, cancellationToken);
                    }
                }
                else
                {
                    try
                    {
                        answer = await google.PatchEventAsync(token, calendarId, eventId, body, cancellationToken);
                    }
                    catch (GoogleApiException e) when (e.Status is 404 or 410)
                    {
                        return new PushOutcome.Nothing("she deleted the event in Google; it is not made again");
                    }
                }

                return new PushOutcome.Pushed(pushed is null ? "event inserted" : "event moved", Pushed(answer.MeetLink ?? pushed?.MeetLink));

            case BookingStatus.Completed or BookingStatus.NoShow when pushed is not null:
                // A session that took place stays in her calendar; only its title can change (the client was erased).
                try
                {
                    await google.PatchEventAsync(token, calendarId, eventId, new GoogleEvent { Summary = EventOf(booking, timeZone).Summary }, cancellationToken);
                }
                catch (GoogleApiException e) when (e.Status is 404 or 410)
                {
                    return new PushOutcome.Nothing("she deleted the event in Google");
                }

                return new PushOutcome.Pushed("event renamed", Pushed(pushed.MeetLink));

            default:
                return new PushOutcome.Nothing($"booking is {booking.Status}; the calendar has nothing to change");
        }

        PushedEvent Pushed(string? meetLink) =>
            new() { BookingId = booking.Id, CalendarId = calendarId, EventId = eventId, MeetLink = meetLink, PushedAt = clock.GetUtcNow() };
    }

    public static GoogleEvent EventOf(Booking booking, string timeZone)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) ?? DateTimeZone.Utc;
        EventTime At(DateTimeOffset instant) => new(DateTime: Instant.FromDateTimeOffset(instant).InZone(zone).ToDateTimeOffset(), TimeZone: zone.Id);
        return new GoogleEvent
        {
            Summary = $"{booking.Client.Name}: {booking.SessionType.Name}",
            Description = "Booked through the practice portal. Change or cancel it in the portal, not here.",
            Start = At(booking.StartsAt),
            End = At(booking.EndsAt),
            ExtendedProperties = new ExtendedProperties(new Dictionary<string, string> { [PulledEvents.BookingIdProperty] = booking.Id.ToString() }),
        };
    }
}

public abstract record PushOutcome
{
    /// <summary>Nothing to do, or nothing more can be done.</summary>
    public sealed record Nothing(string Note) : PushOutcome;

    /// <summary>Done; <paramref name="Event"/> is where it now is (null: it was deleted).</summary>
    public sealed record Pushed(string Note, PushedEvent? Event) : PushOutcome;

    /// <summary>The connection is broken: wait for her to reconnect without giving up.</summary>
    public sealed record Wait(string Reason, TimeSpan After) : PushOutcome;

    public sealed record Retry(string Error) : PushOutcome;

    public sealed record Refused(string Error) : PushOutcome;
}
