using Microsoft.EntityFrameworkCore;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Outbox;

namespace Portal.Core.Newsletter;

/// <summary>
/// Who gets the newsletter. Joining takes two steps (double opt-in): a request, which sends a confirmation email, and
/// that email's link followed with a POST. Nothing reaches an address that did not confirm, and every step is recorded
/// with when and how it happened.
/// </summary>
public sealed class NewsletterDesk(PortalDb db, SideEffects effects, LinkProtector protector, UnsubscribeTokens unsubscribeTokens, TimeProvider clock)
{
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(7);

    /// <summary>A second request within this time sends no second email: a form cannot be used to flood someone's inbox.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMinutes(10);

    public const string InvalidEmail = "Please enter your email address, like name@example.com.";

    /// <summary>A visitor asks to join. The answer is the same whatever the address's standing, so it tells nobody anything.</summary>
    public async Task<IDictionary<string, string[]>?> SubscribeAsync(string? email, string? name, string source, CancellationToken cancellationToken)
    {
        var errors = Validate(email, name);
        if (errors is not null)
        {
            return errors;
        }

        try
        {
            await RequestAsync(email!, name, source, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (DatabaseFaults.IsRace(exception))
        {
            // The same address asked twice at once: the other request sent the confirmation.
            db.ChangeTracker.Clear();
        }

        return null;
    }

    public static IDictionary<string, string[]>? Validate(string? email, string? name)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ContactDetails.IsEmail(email) || email!.Trim().Length > Subscriber.MaxEmailLength)
        {
            errors["email"] = [InvalidEmail];
        }

        if (name?.Trim().Length > Subscriber.MaxNameLength)
        {
            errors["name"] = [$"Please keep your name under {Subscriber.MaxNameLength} characters."];
        }

        return errors.Count > 0 ? errors : null;
    }

    /// <summary>
    /// Adds the request (and its confirmation email) to the caller's unit of work, which saves it: the booking form uses
    /// this inside its own transaction. Subscribed, suppressed and just-asked addresses get no email.
    /// </summary>
    public async Task RequestAsync(string email, string? name, string source, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var key = ContactDetails.EmailKeyOf(email);
        var subscriber = db.NewsletterSubscribers.Local.SingleOrDefault(s => s.EmailKey == key)
            ?? await db.NewsletterSubscribers.SingleOrDefaultAsync(s => s.EmailKey == key, cancellationToken);
        if (subscriber is null)
        {
            subscriber = Subscriber.For(email, name, now);
            db.NewsletterSubscribers.Add(subscriber);
        }

        if (subscriber.Status == SubscriberStatus.Subscribed
            || (subscriber.Status == SubscriberStatus.Pending && subscriber.RequestedAt > now - QuietPeriod)
            || await db.NewsletterSuppressions.AnyAsync(s => s.EmailKey == key, cancellationToken))
        {
            return;
        }

        subscriber.Rename(name);
        var token = subscriber.AskToConfirm(now, ConfirmationLifetime);
        db.NewsletterConsents.Add(NewsletterConsent.Of(subscriber, ConsentAction.Requested, source, now));
        effects.Email(new NewsletterConfirmationEmail(subscriber.Email, subscriber.Name, protector.Protect(token)),
            $"newsletter-confirm:{subscriber.Id:N}:{now.ToUnixTimeMilliseconds()}");
    }

    /// <summary>The confirmation link, followed (with a POST). Unknown, replaced, used and expired links all fail alike.</summary>
    /// <returns>The masked address now subscribed, or null.</returns>
    public async Task<string?> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var hash = SecretTokens.HashOf(token);
        var subscriber = await db.NewsletterSubscribers.SingleOrDefaultAsync(s => s.ConfirmationHash == hash, cancellationToken);
        if (subscriber is null || !subscriber.Confirms(token, now))
        {
            return null;
        }

        subscriber.Subscribe(now);
        db.NewsletterConsents.Add(NewsletterConsent.Of(subscriber, ConsentAction.Confirmed, "confirmation link", now));
        await db.SaveChangesAsync(cancellationToken);
        return MaskedAddress.Of(subscriber.Email);
    }

    /// <summary>An unsubscribe link (or its one-click POST). Works as often as it is used; only the first is recorded.</summary>
    /// <returns>The masked address now unsubscribed, or null for a token that is not ours.</returns>
    public async Task<string?> UnsubscribeAsync(string? token, string source, CancellationToken cancellationToken)
    {
        if (unsubscribeTokens.Read(token) is not (var subscriberId, var issueId))
        {
            return null;
        }

        var subscriber = await db.NewsletterSubscribers.SingleOrDefaultAsync(s => s.Id == subscriberId, cancellationToken);
        if (subscriber is null)
        {
            return null;
        }

        if (subscriber.Status != SubscriberStatus.Unsubscribed)
        {
            var now = clock.GetUtcNow();
            subscriber.Unsubscribe(now);
            db.NewsletterConsents.Add(NewsletterConsent.Of(subscriber, ConsentAction.Withdrawn, source, now, issueId));
            await db.SaveChangesAsync(cancellationToken);
        }

        return MaskedAddress.Of(subscriber.Email);
    }

    /// <summary>The address an unsubscribe link is for, masked, without acting on it (the GET page shows it).</summary>
    public async Task<string?> UnsubscribeAddressAsync(string? token, CancellationToken cancellationToken) =>
        unsubscribeTokens.Read(token) is (var subscriberId, _)
            ? await db.NewsletterSubscribers.Where(s => s.Id == subscriberId).Select(s => s.Email).SingleOrDefaultAsync(cancellationToken)
                is { } email ? MaskedAddress.Of(email) : null
            : null;

    /// <summary>
    /// A client's address changed: their subscription follows it, so issues go where they now read and none to the old
    /// address, and erasing them later finds it. If the new address had a row of its own (a request from the public
    /// form, say), one of the two stays: the confirmed subscription, else the new address's; the other goes, as an
    /// erasure would take it.
    /// </summary>
    public async Task AddressChangedAsync(string oldEmailKey, string newEmail, CancellationToken cancellationToken)
    {
        if (await db.NewsletterSubscribers.SingleOrDefaultAsync(s => s.EmailKey == oldEmailKey, cancellationToken) is not { } old)
        {
            return;
        }

        var newKey = ContactDetails.EmailKeyOf(newEmail);
        if (await db.NewsletterSubscribers.SingleOrDefaultAsync(s => s.EmailKey == newKey, cancellationToken) is { } own)
        {
            var dropped = old.Status == SubscriberStatus.Subscribed && own.Status != SubscriberStatus.Subscribed ? own : old;
            // At once, as an erasure does (its consents go with it): the old row may take the new address's key below.
            await db.NewsletterRecipients.Where(r => r.SubscriberId == dropped.Id).ExecuteDeleteAsync(cancellationToken);
            await db.NewsletterSubscribers.Where(s => s.Id == dropped.Id).ExecuteDeleteAsync(cancellationToken);
            db.Entry(dropped).State = EntityState.Detached;
            if (dropped == old)
            {
                return;
            }
        }

        old.MoveTo(newEmail);
    }

    public async Task<SubscriberStatus?> StatusOfClientAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, cancellationToken);
        return await db.NewsletterSubscribers.Where(s => s.EmailKey == client.EmailKey)
            .Select(s => (SubscriberStatus?)s.Status).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// A signed-in client's own choice: their sign-in proved the address is theirs, so joining needs no confirmation
    /// email. Leaving is as easy.
    /// </summary>
    public async Task<SubscriberStatus> ChooseForClientAsync(Guid clientId, bool subscribed, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, cancellationToken);
        var subscriber = await db.NewsletterSubscribers.SingleOrDefaultAsync(s => s.EmailKey == client.EmailKey, cancellationToken);
        if (subscriber is null)
        {
            subscriber = Subscriber.For(client.Email, client.Name, now);
            db.NewsletterSubscribers.Add(subscriber);
        }

        if (subscribed && subscriber.Status != SubscriberStatus.Subscribed)
        {
            subscriber.Subscribe(now);
            db.NewsletterConsents.Add(NewsletterConsent.Of(subscriber, ConsentAction.Chosen, "client page", now));
        }
        else if (!subscribed && subscriber.Status != SubscriberStatus.Unsubscribed)
        {
            subscriber.Unsubscribe(now);
            db.NewsletterConsents.Add(NewsletterConsent.Of(subscriber, ConsentAction.Withdrawn, "client page", now));
        }

        await db.SaveChangesAsync(cancellationToken);
        return subscriber.Status;
    }
}
