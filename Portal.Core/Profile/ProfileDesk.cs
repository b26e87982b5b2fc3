using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.Outbox;

namespace Portal.Core.Profile;

/// <summary>What a client keeps up to date themselves.</summary>
/// <param name="PendingEmail">An address they asked to change to, waiting for its link to be followed.</param>
public sealed record ClientProfile(
    string Name, string Email, string Phone, string TimeZone, bool RemindersByEmail, bool MessageNoticesByEmail, string? PendingEmail);

/// <param name="RemindersByEmail">Null leaves the client's choice as it is.</param>
public sealed record ProfileChange(string? Name, string? Phone, string? TimeZone, bool? RemindersByEmail, bool? MessageNoticesByEmail);

public enum EmailChangeOutcome
{
    Changed,
    /// <summary>Unknown, expired or already used.</summary>
    LinkNotValid,
    /// <summary>Since the link was sent, the address became someone else's at the practice.</summary>
    AddressTaken,
}

/// <summary>
/// A client's own details: name, phone, zone and which emails they want, changed at once; a new email address only once
/// a link sent to it is followed (the old address is then told).
/// </summary>
public sealed class ProfileDesk(
    PortalDb db, SideEffects sideEffects, Crm.CrmSync crm, Newsletter.NewsletterDesk newsletter, LinkProtector protector, TimeProvider clock)
{
    public async Task<ClientProfile> GetAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, cancellationToken);
        var now = clock.GetUtcNow();
        var pending = await db.EmailChanges.AsNoTracking()
            .Where(c => c.ClientId == clientId && c.ExpiresAt > now).Select(c => c.NewEmail).SingleOrDefaultAsync(cancellationToken);
        return new ClientProfile(client.Name, client.Email, client.Phone, client.TimeZone, client.RemindersByEmail, client.MessageNoticesByEmail, pending);
    }

    public async Task<Dictionary<string, string[]>> UpdateAsync(
        Guid clientId, ProfileChange change, string defaultPhoneRegion, CancellationToken cancellationToken)
    {
        var client = await db.Clients.SingleAsync(c => c.Id == clientId, cancellationToken);
        // The email is checked as it stands: it changes only through its own link.
        var (details, problems) = ContactDetails.Read(change.Name, client.Email, change.Phone, defaultPhoneRegion);
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(change.TimeZone?.Trim() ?? "") is null)
        {
            problems["timeZone"] = ["Choose a time zone such as Europe/London."];
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        client.ChangeDetails(details!.Name, details.Phone);
        client.ChangeTimeZone(change.TimeZone!.Trim());
        client.ChooseEmails(change.RemindersByEmail ?? client.RemindersByEmail, change.MessageNoticesByEmail ?? client.MessageNoticesByEmail);
        crm.ClientChanged(client.Id); // name and phone, when Twenty is set up
        await db.SaveChangesAsync(cancellationToken);
        return problems;
    }

    /// <summary>
    /// Sends the link to the new address. The answer is the same whether or not the address is someone else's at the
    /// practice: who is a client here is nobody's to learn from this form (the owner of that address is told instead).
    /// </summary>
    public async Task<Dictionary<string, string[]>> RequestEmailChangeAsync(Guid clientId, string? email, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        if (!ContactDetails.IsEmail(email))
        {
            problems["email"] = ["Please enter an email address like name@example.com."];
            return problems;
        }

        var newEmail = email!.Trim();
        var newKey = ContactDetails.EmailKeyOf(newEmail);
        await db.InTransactionAsync(async () =>
        {
            await db.LockAsync($"email-change:{clientId}", cancellationToken);
            var client = await db.Clients.SingleAsync(c => c.Id == clientId, cancellationToken);
            if (client.EmailKey == newKey)
            {
                problems["email"] = ["That is already the address on your account."];
                return;
            }

            var now = clock.GetUtcNow();
            await db.EmailChanges.Where(c => c.ClientId == clientId).ExecuteDeleteAsync(cancellationToken);
            // Waiting alike whether or not the address is taken (the profile shows it either way); a taken one's
            // token is never sent, and the confirmation checks again.
            var (change, token) = EmailChange.Request(clientId, newEmail, now);
            db.EmailChanges.Add(change);
            var protectedToken = await IsTakenAsync(newKey, cancellationToken) ? null : protector.Protect(token);

            sideEffects.Email(new EmailChangeLinkEmail(newEmail, client.Name, client.TimeZone, protectedToken, now + EmailChange.Lifetime),
                $"email-change:{Guid.CreateVersion7():N}");
            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
        return problems;
    }

    /// <summary>The address the link would change to, masked, without spending it; null when it would be refused.</summary>
    public async Task<string?> AddressOfLinkAsync(string? token, CancellationToken cancellationToken)
    {
        var hash = SecretTokens.HashOf(token ?? "");
        var now = clock.GetUtcNow();
        var change = await db.EmailChanges.AsNoTracking().SingleOrDefaultAsync(c => c.TokenHash == hash && c.ExpiresAt > now, cancellationToken);
        return change is null ? null : MaskedAddress.Of(change.NewEmail);
    }

    public async Task<EmailChangeOutcome> ConfirmEmailChangeAsync(string? token, CancellationToken cancellationToken)
    {
        var hash = SecretTokens.HashOf(token ?? "");
        return await db.InTransactionAsync(async () =>
        {
            var now = clock.GetUtcNow();
            var change = await db.EmailChanges.AsNoTracking().SingleOrDefaultAsync(c => c.TokenHash == hash, cancellationToken);
            if (change is null || change.ExpiresAt <= now)
            {
                return EmailChangeOutcome.LinkNotValid;
            }

            var newKey = ContactDetails.EmailKeyOf(change.NewEmail);
            await db.LockAsync($"email-change:{change.ClientId}", cancellationToken);
            await db.LockAsync($"client:{newKey}", cancellationToken); // as a booking for that address would
            // Spent here, once: a second press (or a newer request) that got this far finds nothing left to spend.
            if (await db.EmailChanges.Where(c => c.Id == change.Id).ExecuteDeleteAsync(cancellationToken) == 0)
            {
                return EmailChangeOutcome.LinkNotValid;
            }

            if (await IsTakenAsync(newKey, cancellationToken))
            {
                return EmailChangeOutcome.AddressTaken;
            }

            var client = await db.Clients.SingleAsync(c => c.Id == change.ClientId, cancellationToken);
            var oldEmail = client.Email;
            client.ChangeEmail(change.NewEmail);
            if (await db.UserAccounts.SingleOrDefaultAsync(u => u.ClientId == client.Id, cancellationToken) is { } account)
            {
                account.ChangeEmail(newKey);
            }

            // Links already sent to the old address stop working: they were for an address the account no longer has.
            await db.MagicLinks.Where(l => l.EmailKey == ContactDetails.EmailKeyOf(oldEmail) && l.ConsumedAt == null && l.SupersededAt == null)
                .ExecuteUpdateAsync(l => l.SetProperty(x => x.SupersededAt, now), cancellationToken);
            await newsletter.AddressChangedAsync(ContactDetails.EmailKeyOf(oldEmail), change.NewEmail, cancellationToken);
            crm.ClientChanged(client.Id, previousEmail: oldEmail);
            sideEffects.Email(new EmailChangedEmail(oldEmail, client.Name, client.TimeZone, MaskedAddress.Of(change.NewEmail)),
                $"email-changed:{change.Id:N}");
            await db.SaveChangesAsync(cancellationToken);
            return EmailChangeOutcome.Changed;
        }, cancellationToken);
    }

    private async Task<bool> IsTakenAsync(string emailKey, CancellationToken cancellationToken) =>
        await db.Clients.AnyAsync(c => c.EmailKey == emailKey, cancellationToken)
        || await db.UserAccounts.AnyAsync(u => u.EmailKey == emailKey, cancellationToken);
}
