using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Clients;
using Portal.Core.Data;

namespace Portal.Core.Newsletter;

/// <summary>
/// A Mailchimp audience export, as Mailchimp writes it: "Email Address", "First Name", "Last Name", "OPTIN_TIME",
/// "CONFIRM_TIME"…; its unsubscribed and cleaned files add "UNSUB_TIME" or "CLEAN_TIME". Only subscribed rows come in
/// (their consent was given at Mailchimp, and is recorded with its time); an address twice is one subscriber.
/// </summary>
public sealed class MailchimpImport(PortalDb db, TimeProvider clock)
{
    public const int MaxCharacters = 5_000_000;

    public static MailchimpAudience Read(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            MissingFieldFound = null,
            BadDataFound = null,
            PrepareHeaderForMatch = args => args.Header.Trim().ToUpperInvariant(),
        });
        if (!reader.Read() || !reader.ReadHeader() || !reader.HeaderRecord!.Any(h => h.Trim().Equals("Email Address", StringComparison.OrdinalIgnoreCase)))
        {
            return new MailchimpAudience([], 0, 0, 0, 0, 0, "This does not look like a Mailchimp export: it has no \"Email Address\" column.");
        }

        var headers = reader.HeaderRecord!.Select(h => h.Trim().ToUpperInvariant()).ToHashSet();
        string Field(string name) => headers.Contains(name) ? reader.GetField(name)?.Trim() ?? "" : "";
        var kept = new Dictionary<string, ImportedSubscriber>();
        int rows = 0, unsubscribed = 0, cleaned = 0, invalid = 0, duplicates = 0;
        while (reader.Read())
        {
            rows++;
            var email = Field("EMAIL ADDRESS");
            var status = Field("STATUS").ToLowerInvariant();
            if (Field("CLEAN_TIME").Length > 0 || status == "cleaned")
            {
                cleaned++;
            }
            else if (Field("UNSUB_TIME").Length > 0 || status is "unsubscribed" or "nonsubscribed" or "pending")
            {
                unsubscribed++;
            }
            else if (!ContactDetails.IsEmail(email) || email.Length > Subscriber.MaxEmailLength)
            {
                invalid++;
            }
            else if (kept.ContainsKey(ContactDetails.EmailKeyOf(email)))
            {
                duplicates++;
            }
            else
            {
                var name = $"{Field("FIRST NAME")} {Field("LAST NAME")}".Trim();
                kept[ContactDetails.EmailKeyOf(email)] = new ImportedSubscriber(
                    email, name.Length > Subscriber.MaxNameLength ? name[..Subscriber.MaxNameLength] : name, Time(Field("CONFIRM_TIME")) ?? Time(Field("OPTIN_TIME")));
            }
        }

        return new MailchimpAudience([.. kept.Values], rows, unsubscribed, cleaned, invalid, duplicates, null);
    }

    /// <summary>Mailchimp writes times as "2024-01-05 10:00:00", in UTC.</summary>
    private static DateTimeOffset? Time(string value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;

    /// <summary>
    /// Adds the audience's subscribers. An address already subscribed stays as it is; one that left the list here is not
    /// put back (their later choice stands); one waiting to confirm is subscribed (it confirmed at Mailchimp).
    /// </summary>
    public async Task<ImportResult> CommitAsync(MailchimpAudience audience, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var keys = audience.Subscribers.Select(s => ContactDetails.EmailKeyOf(s.Email)).ToList();
        var existing = await db.NewsletterSubscribers.Where(s => keys.Contains(s.EmailKey)).ToDictionaryAsync(s => s.EmailKey, cancellationToken);
        int added = 0, already = 0, keptOut = 0;
        foreach (var row in audience.Subscribers)
        {
            var subscriber = existing.GetValueOrDefault(ContactDetails.EmailKeyOf(row.Email));
            if (subscriber is { Status: SubscriberStatus.Subscribed })
            {
                already++;
                continue;
            }

            if (subscriber is { Status: SubscriberStatus.Unsubscribed })
            {
                keptOut++;
                continue;
            }

            if (subscriber is null)
            {
                subscriber = Subscriber.For(row.Email, row.Name, now);
                db.NewsletterSubscribers.Add(subscriber);
            }

            subscriber.Subscribe(now);
            db.NewsletterConsents.Add(NewsletterConsent.Of(subscriber, ConsentAction.Imported, "mailchimp import", row.ConsentedAt ?? now));
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ImportResult(added, already, keptOut);
    }
}

public sealed record ImportedSubscriber(string Email, string Name, DateTimeOffset? ConsentedAt);

/// <param name="Problem">Why the file cannot be read as an export, when it cannot.</param>
public sealed record MailchimpAudience(
    IReadOnlyList<ImportedSubscriber> Subscribers, int Rows, int Unsubscribed, int Cleaned, int Invalid, int Duplicates, string? Problem);

/// <param name="KeptOut">Addresses that had unsubscribed here: not put back on the list.</param>
public sealed record ImportResult(int Added, int AlreadySubscribed, int KeptOut);
