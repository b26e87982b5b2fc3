using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Practice;

namespace Portal.Core.Identity;

/// <summary>Passwordless sign-in: links by email, sessions, signing out, and the audit of all of it.</summary>
public sealed class SignInDesk(
    PortalDb db, SideEffects sideEffects, LinkProtector protector, IOptions<IdentitySettings> options, TimeProvider clock)
{
    private IdentitySettings Settings => options.Value;

    /// <summary>
    /// Emails a sign-in link when the address belongs to the therapist or a client. The caller answers the same
    /// either way; an unknown address still costs a write (the audit line), which keeps the two times close.
    /// </summary>
    public async Task RequestLinkAsync(string email, string? ipAddress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var emailKey = ContactDetails.EmailKeyOf(email);
        var account = await db.UserAccounts.AsNoTracking().SingleOrDefaultAsync(u => u.EmailKey == emailKey, cancellationToken);
        var client = account?.ClientId is { } clientId
            ? await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken)
            : await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.EmailKey == emailKey, cancellationToken);
        if (account is null && client is null)
        {
            db.SignInEvents.Add(SignInEvent.Of(SignInEventKind.LinkRequestedForUnknownAddress, now, ipAddress, emailKey));
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.LockAsync($"sign-in-link:{emailKey}", cancellationToken);
            var (_, protectedToken) = await IssueAsync(emailKey, LinkPurpose.SignIn, Settings.SignInLinkLifetime, now, cancellationToken);
            var (name, timeZone) = client is not null
                ? (client.Name, client.TimeZone)
                : await TherapistAsync(cancellationToken);
            sideEffects.Email(
                new MagicLinkEmail(client?.Email ?? email.Trim(), name, timeZone, protectedToken, now + Settings.SignInLinkLifetime),
                $"sign-in-link:{Guid.CreateVersion7():N}");
            db.SignInEvents.Add(SignInEvent.Of(SignInEventKind.LinkRequested, now, ipAddress, emailKey, account?.Id));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>A claim link for a guest's booking confirmation, unless the address already has an account.</summary>
    /// <returns>The token, encrypted for the outbox; null when there is nothing to claim.</returns>
    public async Task<string?> IssueClaimLinkAsync(Client client, CancellationToken cancellationToken)
    {
        if (await db.UserAccounts.AnyAsync(u => u.EmailKey == client.EmailKey, cancellationToken))
        {
            return null;
        }

        // A client made in this very transaction has no earlier link to replace.
        var isNew = db.Entry(client).State == EntityState.Added;
        return (await IssueAsync(client.EmailKey, LinkPurpose.Claim, Settings.ClaimLinkLifetime, clock.GetUtcNow(), cancellationToken, replaces: !isNew))
            .ProtectedToken;
    }

    /// <summary>A link that confirms a guest's booking made with a known address; it replaces any earlier one.</summary>
    public Task<(MagicLink Link, string ProtectedToken)> IssueBookingConfirmationLinkAsync(
        string emailKey, TimeSpan lifetime, CancellationToken cancellationToken) =>
        IssueAsync(emailKey, LinkPurpose.ConfirmBooking, lifetime, clock.GetUtcNow(), cancellationToken);

    /// <summary>
    /// The address a link of one of <paramref name="purposes"/> is for, masked (s***@example.com), without spending it;
    /// null when it would be refused.
    /// </summary>
    public async Task<string?> AddressOfLinkAsync(string token, LinkPurpose[] purposes, CancellationToken cancellationToken) =>
        (await LinkAsync(token, purposes, cancellationToken)) is { } link ? MaskedAddress.Of(link.EmailKey) : null;

    /// <summary>
    /// As <see cref="AddressOfLinkAsync"/>, and whether spending the link creates the account (a client's first sign-in),
    /// so the page can say "Create your account" rather than "Welcome back".
    /// </summary>
    public async Task<(string Address, bool CreatesAccount)?> SignInLinkAsync(string token, CancellationToken cancellationToken)
    {
        if (await LinkAsync(token, MagicLink.SigningIn, cancellationToken) is not { } link)
        {
            return null;
        }

        var hasAccount = await db.UserAccounts.AnyAsync(u => u.EmailKey == link.EmailKey, cancellationToken);
        return (MaskedAddress.Of(link.EmailKey), !hasAccount);
    }

    private async Task<MagicLink?> LinkAsync(string token, LinkPurpose[] purposes, CancellationToken cancellationToken)
    {
        var hash = SecretTokens.HashOf(token.Trim());
        var link = await db.MagicLinks.AsNoTracking().SingleOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        return link is not null && link.RefusalAt(clock.GetUtcNow()) is null && purposes.Contains(link.Purpose) ? link : null;
    }

    /// <summary>Spends a link: the first use of a valid one signs in (creating a client's account on first sign-in).</summary>
    /// <param name="replacedSessionToken">The session this browser held till now: it ends, so the cookie it lived in leaves nothing behind.</param>
    public async Task<SignInOutcome> ConsumeLinkAsync(string token, string? replacedSessionToken, string? ipAddress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = SecretTokens.HashOf(token.Trim());
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var link = await db.LockLinkAsync(hash, cancellationToken);
            var refusal = link is null ? "unknown"
                : !MagicLink.SigningIn.Contains(link.Purpose) ? "not-a-sign-in-link"
                : link.RefusalAt(now);
            if (refusal is not null)
            {
                db.SignInEvents.Add(SignInEvent.Of(SignInEventKind.LinkRefused, now, ipAddress, link?.EmailKey, detail: refusal));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (SignInOutcome)new SignInOutcome.Refused(refusal);
            }

            link!.Consume(now);
            var (account, claimed) = await AccountForAsync(link.EmailKey, now, cancellationToken);
            if (account is null)
            {
                db.SignInEvents.Add(SignInEvent.Of(SignInEventKind.LinkRefused, now, ipAddress, link.EmailKey, detail: "no-account"));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new SignInOutcome.Refused("no-account");
            }

            var outcome = await StartSessionAsync(account, claimed, replacedSessionToken, now, cancellationToken);
            db.SignInEvents.Add(SignInEvent.Of(claimed ? SignInEventKind.AccountClaimed : SignInEventKind.SignedIn, now, ipAddress, link.EmailKey, account.Id));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return outcome;
        });
    }

    /// <summary>A developer's door (the Api maps it only when asked, in Development, for loopback): any account, one shared password.</summary>
    public async Task<SignInOutcome> SignInWithPasswordAsync(
        string email, string password, string? replacedSessionToken, string? ipAddress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var emailKey = ContactDetails.EmailKeyOf(email);
        var (account, claimed) = password == Settings.DevelopmentPassword
            ? await AccountForAsync(emailKey, now, cancellationToken)
            : (null, false);
        if (account is null)
        {
            db.SignInEvents.Add(SignInEvent.Of(SignInEventKind.PasswordRefused, now, ipAddress, emailKey));
            await db.SaveChangesAsync(cancellationToken);
            return new SignInOutcome.Refused("wrong-password");
        }

        var outcome = await StartSessionAsync(account, claimed, replacedSessionToken, now, cancellationToken);
        db.SignInEvents.Add(SignInEvent.Of(SignInEventKind.PasswordSignIn, now, ipAddress, emailKey, account.Id));
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    public async Task SignOutAsync(Guid sessionId, bool everywhere, string? ipAddress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = await db.UserSessions.Include(s => s.User).SingleAsync(s => s.Id == sessionId, cancellationToken);
        var sessions = everywhere
            ? await db.UserSessions.Where(s => s.UserId == session.UserId && s.RevokedAt == null).ToListAsync(cancellationToken)
            : [session];
        foreach (var each in sessions)
        {
            each.Revoke(now, everywhere ? "signed-out-everywhere" : "signed-out");
        }

        if (everywhere)
        {
            // A link in a mailbox someone else can read would sign them straight back in.
            await db.MagicLinks
                .Where(l => l.EmailKey == session.User.EmailKey && l.ConsumedAt == null && l.SupersededAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.SupersededAt, now), cancellationToken);
        }

        db.SignInEvents.Add(SignInEvent.Of(everywhere ? SignInEventKind.SignedOutEverywhere : SignInEventKind.SignedOut,
            now, ipAddress, session.User.EmailKey, session.UserId));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<(MagicLink Link, string ProtectedToken)> IssueAsync(
        string emailKey, LinkPurpose purpose, TimeSpan lifetime, DateTimeOffset now, CancellationToken cancellationToken, bool replaces = true)
    {
        // A newer link replaces the older ones: only the latest email works.
        if (replaces)
        {
            await db.MagicLinks
                .Where(l => l.EmailKey == emailKey && l.Purpose == purpose && l.ConsumedAt == null && l.SupersededAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.SupersededAt, now), cancellationToken);
        }

        var (link, token) = MagicLink.Issue(emailKey, purpose, now, lifetime);
        db.MagicLinks.Add(link);
        return (link, protector.Protect(token));
    }

    /// <summary>The account behind an address; a client signing in the first time gets theirs now (the claim).</summary>
    private async Task<(UserAccount? Account, bool Claimed)> AccountForAsync(string emailKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var account = await db.UserAccounts.SingleOrDefaultAsync(u => u.EmailKey == emailKey, cancellationToken);
        if (account is not null)
        {
            return (account, false);
        }

        var client = await db.Clients.SingleOrDefaultAsync(c => c.EmailKey == emailKey, cancellationToken);
        if (client is null)
        {
            return (null, false);
        }

        client.ClaimAccount(now);
        account = UserAccount.ForClient(client, now);
        db.UserAccounts.Add(account);
        return (account, true);
    }

    private async Task<SignInOutcome.SignedIn> StartSessionAsync(
        UserAccount account, bool claimed, string? replacedSessionToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (replacedSessionToken is { Length: > 0 })
        {
            var replaced = SecretTokens.HashOf(replacedSessionToken.Trim());
            await db.UserSessions.Where(s => s.TokenHash == replaced && s.RevokedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedBecause, "replaced"), cancellationToken);
        }

        // The therapist's session opens clinical notes: it ends a fixed time after sign-in, however busy she is.
        var therapist = account.Role == Role.Therapist;
        var (session, token) = UserSession.Start(account, now,
            therapist ? Settings.TherapistSessionLifetime : Settings.ClientSessionLifetime,
            therapist ? Settings.TherapistIdleTimeout : null,
            slides: !therapist);
        db.UserSessions.Add(session);
        account.SignedIn(now);
        return new SignInOutcome.SignedIn(token, session.ExpiresAt, account.Role, claimed);
    }

    private async Task<(string Name, string TimeZone)> TherapistAsync(CancellationToken cancellationToken)
    {
        var practice = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        return (practice.TherapistName, practice.TimeZone);
    }
}

public static class MagicLinkLocks
{
    /// <summary>The link with this token hash, locked until the transaction ends (spending it twice is one spend); null when none.</summary>
    public static async Task<MagicLink?> LockLinkAsync(this PortalDb db, byte[] tokenHash, CancellationToken cancellationToken) =>
        (await db.MagicLinks.FromSql($"SELECT * FROM magic_links WHERE token_hash = {tokenHash} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
}
