using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Intake;
using Portal.Core.Sealing;

namespace Portal.Core.MyData;

/// <summary>
/// Gathers everything about one client into files: one JSON file per kind of record and a readable summary. Every
/// query is by this client's id (or their account's): nothing of anyone else can enter.
/// </summary>
public sealed class MyDataCollector(PortalDb db, Sealer sealer, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<SortedDictionary<string, string>> CollectAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, cancellationToken);
        var account = await db.UserAccounts.AsNoTracking().SingleOrDefaultAsync(u => u.ClientId == clientId, cancellationToken);

        var profile = new
        {
            client.Name, client.Email, client.Phone, client.TimeZone, Stage = client.Stage.ToString(), client.CreatedAt,
            client.DiscoveryCompletedAt, client.AccountClaimedAt, client.IntakeSubmittedAt, client.RemindersByEmail, client.MessageNoticesByEmail,
            AccountCreatedAt = account?.CreatedAt, LastSignedInAt = account?.LastSignedInAt,
        };
        var bookings = await db.Bookings.AsNoTracking().Include(b => b.SessionType).Where(b => b.ClientId == clientId).OrderBy(b => b.StartsAt)
            .Select(b => new
            {
                b.Id, SessionType = b.SessionType.Name, b.StartsAt, b.EndsAt, Status = b.Status.ToString(), b.CreatedAt, b.CancelledAt,
                CancellationKind = b.CancellationKind.ToString(), b.ClientNote,
            })
            .ToListAsync(cancellationToken);
        var payments = await db.Payments.AsNoTracking().Where(p => p.ClientId == clientId).OrderBy(p => p.CreatedAt)
            .Select(p => new { p.Id, p.BookingId, p.AmountMinorUnits, p.Currency, Status = p.Status.ToString(), p.CreatedAt, p.PaidAt, p.RefundedMinorUnits })
            .ToListAsync(cancellationToken);
        var threads = await db.MessageThreads.AsNoTracking().Include(t => t.Messages).Where(t => t.ClientId == clientId)
            .OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
        var messages = threads.Select(t => new
        {
            Subject = Open(t.SealedSubject, t.SealingPlace),
            t.CreatedAt,
            Messages = t.Messages.OrderBy(m => m.SentAt)
                .Select(m => new { From = m.FromTherapist ? "therapist" : "you", m.SentAt, m.ReadAt, Body = Open(m.SealedBody, m.SealingPlace) }),
        }).ToList();
        var intake = await IntakeAsync(clientId, cancellationToken);
        var notifications = await db.Notifications.AsNoTracking().Where(n => n.ClientId == clientId).OrderBy(n => n.CreatedAt)
            .Select(n => new { n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt }).ToListAsync(cancellationToken);
        var consents = await db.ClientConsents.AsNoTracking().Where(c => c.ClientId == clientId).OrderBy(c => c.GivenAt)
            .Select(c => new { Kind = c.Kind.ToString(), c.Version, c.GivenAt, c.Source }).ToListAsync(cancellationToken);
        // Their account's events, and the link requests and refusals for their address before (or without) an account:
        // the address of whoever typed it is theirs only when it was the account.
        var accountId = account?.Id;
        var signIns = await db.SignInEvents.AsNoTracking()
            .Where(e => (accountId != null && e.UserId == accountId) || (e.UserId == null && e.EmailKey == client.EmailKey))
            .OrderBy(e => e.At)
            .Select(e => new { e.At, Kind = e.Kind.ToString(), IpAddress = e.UserId != null ? e.IpAddress : null }).ToListAsync(cancellationToken);
        var shares = await (from share in db.ContentShares.AsNoTracking()
                            where share.ClientId == clientId
                            join item in db.ContentItems on share.ItemId equals item.Id
                            orderby share.SharedAt
                            select new { share, item }).ToListAsync(cancellationToken);
        var library = shares.Select(s => new
        {
            s.item.Id, s.item.Title, s.item.Description, Kind = s.item.Kind.ToString(), s.item.Url, s.share.SharedAt, s.share.SeenAt,
            Note = s.share.SealedNote is { } note ? Open(note, s.share.SealingPlace) : null,
            File = s.item.FileName is null ? null : FilePath(s.item.Id, s.item.FileName),
        }).ToList();
        var waitlist = await db.WaitlistEntries.AsNoTracking().Include(e => e.SessionType).Where(e => e.ClientId == clientId).OrderBy(e => e.JoinedAt)
            .Select(e => new
            {
                SessionType = e.SessionType.Name, e.FirstDay, e.LastDay, PartsOfDay = e.PartsOfDay.ToString(), e.TimeZone, e.JoinedAt, e.BookedAt,
                Offers = db.WaitlistOffers.Where(o => o.EntryId == e.Id && o.ClientId == clientId).OrderBy(o => o.OfferedAt)
                    .Select(o => new { o.StartsAt, o.OfferedAt, o.ExpiresAt, Status = o.Status.ToString() }).ToList(),
            })
            .ToListAsync(cancellationToken);

        var stages = await db.ClientStageChanges.AsNoTracking().Where(c => c.ClientId == clientId).OrderBy(c => c.At)
            .Select(c => new { From = c.From.ToString(), To = c.To.ToString(), c.At }).ToListAsync(cancellationToken);
        // The newsletter list is kept by address: theirs is the subscription under the address they have now.
        var newsletter = await db.NewsletterSubscribers.AsNoTracking().Where(s => s.EmailKey == client.EmailKey)
            .Select(s => new
            {
                s.Email, Status = s.Status.ToString(), s.CreatedAt, s.RequestedAt, s.SubscribedAt, s.UnsubscribedAt,
                Consents = db.NewsletterConsents.Where(c => c.SubscriberId == s.Id).OrderBy(c => c.At)
                    .Select(c => new { Action = c.Action.ToString(), c.At, c.Source }).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["profile.json"] = Write(profile),
            ["bookings.json"] = Write(bookings),
            ["payments.json"] = Write(payments),
            ["messages.json"] = Write(messages),
            ["intake.json"] = Write(intake),
            ["notifications.json"] = Write(notifications),
            ["consents.json"] = Write(consents),
            ["sign-ins.json"] = Write(signIns),
            ["library.json"] = Write(library),
            ["waitlist.json"] = Write(waitlist),
            ["stage-history.json"] = Write(stages),
            ["newsletter.json"] = Write(newsletter),
        };
        files["summary.html"] = Summary(client.Name, clock.GetUtcNow(), files);
        return files;
    }

    /// <summary>Where a shared file sits in the zip: its own folder, so two files of one name do not collide.</summary>
    public static string FilePath(Guid itemId, string fileName) =>
        $"library/{itemId:N}/{string.Concat(fileName.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '/' or '\\' ? '_' : c))}";

    private async Task<object?> IntakeAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var response = await db.IntakeResponses.AsNoTracking().SingleOrDefaultAsync(r => r.ClientId == clientId, cancellationToken);
        if (response is null)
        {
            return null;
        }

        var form = await db.IntakeForms.AsNoTracking().SingleAsync(f => f.Version == response.FormVersion, cancellationToken);
        Dictionary<Guid, string[]> answers;
        try
        {
            answers = JsonSerializer.Deserialize<Dictionary<Guid, string[]>>(sealer.Open(response.SealedAnswers, response.SealingPlace), Json) ?? [];
        }
        catch (SealedValueException)
        {
            return new { response.FormVersion, response.SavedAt, response.SubmittedAt, Answers = Unopened };
        }

        return new
        {
            response.FormVersion, response.SavedAt, response.SubmittedAt,
            Answers = form.Questions.Select(q => new { Question = q.Text, Answer = answers.GetValueOrDefault(q.Id) ?? [] }),
        };
    }

    private const string Unopened = "(this could not be opened: the key it was sealed with is no longer configured)";

    private string Open(byte[] sealedValue, string place)
    {
        try
        {
            return sealer.Open(sealedValue, place);
        }
        catch (SealedValueException)
        {
            return Unopened;
        }
    }

    private static string Write<T>(T value) => JsonSerializer.Serialize(value, Json);

    private static string Summary(string name, DateTimeOffset made, IReadOnlyDictionary<string, string> files)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Your data</title>")
            .Append("<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}pre{white-space:pre-wrap;background:#f5f5f5;padding:1rem}</style>")
            .Append("</head><body><h1>Everything the practice holds about ").Append(WebUtility.HtmlEncode(name)).Append("</h1>")
            .Append("<p>Made ").Append(made.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Append(". Each part is also in this folder as a JSON file, for other programs; files shared with you are in <code>library/</code>.</p>");
        foreach (var (file, content) in files.Where(f => f.Key.EndsWith(".json", StringComparison.Ordinal)))
        {
            html.Append("<h2>").Append(WebUtility.HtmlEncode(file)).Append("</h2><pre>").Append(WebUtility.HtmlEncode(content)).Append("</pre>");
        }

        return html.Append("</body></html>").ToString();
    }
}
