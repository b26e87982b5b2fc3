using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Payments;
using Portal.Core.Privacy;

namespace Portal.Core.Erasure;

/// <summary>Who asks for the erasure: the client through their link, or the therapist (her account and address, for the audit).</summary>
public sealed record ErasureRequester(Guid? TherapistUserId, string? IpAddress, bool RefundLateCancellations = false)
{
    public static readonly ErasureRequester TheClient = new(null, null);

    public bool IsTherapist => TherapistUserId is not null;
}

/// <param name="Refunded">Whether what was paid goes back: in time by the practice's rules, or late and refunded by the therapist.</param>
public sealed record SessionToCancel(Guid BookingId, string SessionType, DateTimeOffset StartsAt, bool Paid, bool InsideWindow, bool Refunded);

/// <summary>What erasing a client would do, shown before anyone confirms.</summary>
public sealed record ErasurePreview(string Name, IReadOnlyList<SessionToCancel> Sessions, bool KeepsRecords, DateTimeOffset RecordsKeptUntil, TimeSpan CancellationWindow);

public sealed record ErasureOutcome(string Pseudonym, int SessionsCancelled, int RefundsRequested, DateTimeOffset? RecordsKeptUntil);

/// <summary>
/// Erases a client in one transaction: their future sessions cancelled by the practice's rules (refunds and calendar
/// through the outbox), every row of theirs deleted (<see cref="ClientRecords"/>), and the records the therapist must
/// keep by law left under a pseudonym with no name, address or phone until <see cref="ClinicalRetention"/> ends.
/// </summary>
public sealed class ClientErasure(
    PortalDb db, PaymentLedger payments, SideEffects sideEffects, Crm.CrmSync crm, IOptions<ClinicalRetention> retention, TimeProvider clock)
{
    public async Task<ErasurePreview?> PreviewAsync(Guid clientId, ErasureRequester by, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId && c.ErasedAt == null, cancellationToken);
        if (client is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var window = (await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken)).CancellationWindow;
        var sessions = await (from booking in db.Bookings.AsNoTracking()
                              where booking.ClientId == clientId && Booking.HoldingTime.Contains(booking.Status) && booking.StartsAt > now
                              join payment in db.Payments on booking.Id equals payment.BookingId into paid
                              from payment in paid.DefaultIfEmpty()
                              orderby booking.StartsAt
                              select new
                              {
                                  booking.Id, Type = booking.SessionType.Name, booking.StartsAt,
                                  Paid = payment != null && (payment.Status == PaymentStatus.Paid || payment.Status == PaymentStatus.PartiallyRefunded),
                              })
            .ToListAsync(cancellationToken);
        var keeps = await KeepsRecordsAsync(clientId, cancellationToken) || sessions.Count > 0;
        return new ErasurePreview(client.Name, [.. sessions.Select(s =>
            {
                var late = s.StartsAt - now < window;
                return new SessionToCancel(s.Id, s.Type, s.StartsAt, s.Paid, late, s.Paid && (!late || by.RefundLateCancellations));
            })],
            keeps, retention.Value.KeptUntil(now), window);
    }

    public Task<ErasureOutcome?> EraseAsync(Guid clientId, ErasureRequester by, CancellationToken cancellationToken) =>
        db.InTransactionAsync(() => EraseInTransactionAsync(clientId, by, cancellationToken), cancellationToken);

    /// <summary>
    /// The caller holds the transaction (<see cref="ClosureDesk"/> spends its link in the same one). Null: no such
    /// client, or erased already.
    /// </summary>
    public async Task<ErasureOutcome?> EraseInTransactionAsync(Guid clientId, ErasureRequester by, CancellationToken cancellationToken)
    {
        var found = await db.Clients.AsNoTracking().Where(c => c.Id == clientId && c.ErasedAt == null)
            .Select(c => c.EmailKey).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        await db.LockAsync($"client:{found}", cancellationToken); // as a booking for that address would
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId && c.ErasedAt == null, cancellationToken);
        if (client is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var (email, name, phone) = (client.Email, client.Name, client.Phone);
        var (cancelled, refunds) = await CancelFutureSessionsAsync(clientId, by, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        await DeleteByAddressAsync(client, cancellationToken);
        var earlierAddresses = await AddressesStillInTwentyAsync(clientId, email, cancellationToken);
        await new ErasedOutbox(db).DeleteAsync(clientId, email, name, phone, cancellationToken);
        crm.PersonErased(email); // after the sweep above, which would take it for one of theirs
        foreach (var earlier in earlierAddresses)
        {
            crm.PersonErased(earlier);
        }
        await RenameKeptEventsAsync(clientId, cancellationToken);
        foreach (var table in ClientRecords.Deleted)
        {
            await DeleteRowsOfAsync(table, clientId, cancellationToken);
        }

        await DropBookingsNotKeptAsync(clientId, cancellationToken);
        var keptUntil = await KeepsRecordsAsync(clientId, cancellationToken) ? retention.Value.KeptUntil(now) : (DateTimeOffset?)null;
        var outcome = new ErasureOutcome(Clients.Client.PseudonymOf(clientId), cancelled, refunds, keptUntil);
        client.Erase(now, keptUntil);
        db.Add(ClientErasureRecord.Of(clientId, outcome.Pseudonym, by, outcome, now));
        if (!by.IsTherapist)
        {
            sideEffects.Enqueue(OutboxTypes.Notification, new NotificationRequest(Audience.Therapist, null,
                $"{outcome.Pseudonym} closed their account",
                cancelled == 0 ? "Their details are erased." : $"Their details are erased and {cancelled} upcoming session(s) cancelled.",
                keptUntil is null ? "/admin/audit" : $"/admin/clients/{clientId}"), $"erasure:{clientId:N}:notice");
        }

        await db.SaveChangesAsync(cancellationToken);
        if (keptUntil is null)
        {
            db.Entry(client).State = EntityState.Detached;
            await db.Clients.Where(c => c.Id == clientId).ExecuteDeleteAsync(cancellationToken);
        }

        return outcome;
    }

    /// <summary>
    /// As the practice's rules say: cancelled in time, what was paid goes back; inside the window, only if the therapist
    /// chooses. Closing an account is the client's decision, so it counts as theirs whoever presses the button.
    /// </summary>
    private async Task<(int Cancelled, int Refunds)> CancelFutureSessionsAsync(
        Guid clientId, ErasureRequester by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = (await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken)).CancellationWindow;
        var future = await db.Bookings.Include(b => b.SessionType)
            .Where(b => b.ClientId == clientId && Booking.HoldingTime.Contains(b.Status) && b.StartsAt > now).ToListAsync(cancellationToken);
        var refunds = 0;
        foreach (var booking in future)
        {
            var late = booking.StartsAt - now < window;
            var wasConfirmed = booking.Status == BookingStatus.Confirmed;
            booking.Cancel(late ? CancellationKind.LateByClient : CancellationKind.ByClient, now);
            if (wasConfirmed)
            {
                sideEffects.Enqueue(OutboxTypes.CalendarEvent, new CalendarSyncRequest(booking.Id), $"booking:{booking.Id:N}:cancelled:calendar");
            }
            else
            {
                payments.CloseCheckout(booking, now, "cancelled");
            }

            if (!late || by.RefundLateCancellations)
            {
                var payment = await db.Payments.SingleOrDefaultAsync(p => p.BookingId == booking.Id, cancellationToken);
                if (payment is not null && payments.RequestRefund(payment, late ? "Account closed, late cancellation refunded by the therapist" : "Account closed", now))
                {
                    refunds++;
                }
            }
        }

        return (future.Count, refunds);
    }

    /// <summary>Rows that name the client by address or account rather than by id (sign-ins, links, holds, the newsletter).</summary>
    private async Task DeleteByAddressAsync(Clients.Client client, CancellationToken cancellationToken)
    {
        var key = client.EmailKey;
        var account = await db.UserAccounts.Where(u => u.ClientId == client.Id).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
        await db.SignInEvents.Where(e => (account != null && e.UserId == account) || e.EmailKey == key).ExecuteDeleteAsync(cancellationToken);
        await db.PendingBookings.Where(p => p.EmailKey == key).ExecuteDeleteAsync(cancellationToken);
        await db.MagicLinks.Where(l => l.EmailKey == key).ExecuteDeleteAsync(cancellationToken);
        var subscribers = db.NewsletterSubscribers.Where(s => s.EmailKey == key).Select(s => s.Id);
        await db.NewsletterRecipients.Where(r => subscribers.Contains(r.SubscriberId)).ExecuteDeleteAsync(cancellationToken);
        await db.NewsletterSubscribers.Where(s => s.EmailKey == key).ExecuteDeleteAsync(cancellationToken); // consents go with them
        await db.NewsletterSuppressions.Where(s => s.EmailKey == key).ExecuteDeleteAsync(cancellationToken);
    }

    private Task<int> DeleteRowsOfAsync(ClientTable table, Guid clientId, CancellationToken cancellationToken) =>
#pragma warning disable EF1002 // the names come from ClientRecords, constants of this assembly; the id is a parameter
        db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table.Table}\" WHERE \"{table.ClientColumn}\" = @p0", [clientId], cancellationToken);
#pragma warning restore EF1002

    /// <summary>
    /// Kept: sessions held (completed, or missed), and any booking a payment, a note or a calendar event still points at
    /// (a session cancelled here keeps its row until the calendar has dropped its event). Their own note goes.
    /// </summary>
    private async Task DropBookingsNotKeptAsync(Guid clientId, CancellationToken cancellationToken)
    {
        // A checkout still to close or a calendar event still to drop needs its booking when the Worker gets to it.
        var stillOwed = await db.Database.SqlQuery<Guid>($"""
            SELECT b.id AS "Value" FROM bookings b
            WHERE b.client_id = {clientId} AND EXISTS (
                SELECT 1 FROM outbox_messages m
                WHERE m.processed_at IS NULL AND m.dead_lettered_at IS NULL
                  AND m.deduplication_key LIKE 'booking:' || replace(b.id::text, '-', '') || ':%')
            """).ToListAsync(cancellationToken);
        await db.Bookings
            .Where(b => b.ClientId == clientId && b.Status != BookingStatus.Completed && b.Status != BookingStatus.NoShow
                && !db.Payments.Any(p => p.BookingId == b.Id) && !db.SessionNotes.Any(n => n.BookingId == b.Id)
                && !db.PushedEvents.Any(e => e.BookingId == b.Id) && !stillOwed.Contains(b.Id))
            .ExecuteDeleteAsync(cancellationToken);
        await db.Bookings.Where(b => b.ClientId == clientId).ExecuteUpdateAsync(set => set.SetProperty(b => b.ClientNote, (string?)null), cancellationToken);
    }

    /// <summary>
    /// An address change whose update of Twenty is still owed (the Worker was away): their person may still be under the
    /// old address, which the sweep is about to take out of that message.
    /// </summary>
    private async Task<List<string>> AddressesStillInTwentyAsync(Guid clientId, string email, CancellationToken cancellationToken) =>
        [.. (await db.OutboxMessages.AsNoTracking().Where(m => m.Type == OutboxTypes.CrmPerson && m.ProcessedAt == null).ToListAsync(cancellationToken))
            .Select(m => m.Read<Crm.CrmPersonSync>())
            .Where(sync => sync.ClientId == clientId && sync.PreviousEmail is { Length: > 0 }
                && Clients.ContactDetails.EmailKeyOf(sync.PreviousEmail) != Clients.ContactDetails.EmailKeyOf(email))
            .Select(sync => sync.PreviousEmail!)
            .DistinctBy(Clients.ContactDetails.EmailKeyOf)];

    /// <summary>
    /// The sessions that took place stay in her Google calendar (their bookings are kept with their events), titled with
    /// the client's name: the Worker renames each to the pseudonym.
    /// </summary>
    private async Task RenameKeptEventsAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var kept = await db.PushedEvents
            .Where(p => db.Bookings.Any(b => b.Id == p.BookingId && b.ClientId == clientId
                && b.Status != BookingStatus.Cancelled && b.Status != BookingStatus.Expired))
            .Select(p => p.BookingId).ToListAsync(cancellationToken);
        foreach (var bookingId in kept)
        {
            sideEffects.Enqueue(OutboxTypes.CalendarEvent, new CalendarSyncRequest(bookingId), $"booking:{bookingId:N}:erased:calendar");
        }
    }

    private async Task<bool> KeepsRecordsAsync(Guid clientId, CancellationToken cancellationToken) =>
        await db.Bookings.AnyAsync(b => b.ClientId == clientId, cancellationToken)
        || await db.Payments.AnyAsync(p => p.ClientId == clientId, cancellationToken)
        || await db.SessionNotes.AnyAsync(n => n.ClientId == clientId, cancellationToken);
}
