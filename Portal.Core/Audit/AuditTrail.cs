using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Audit;

/// <summary>One line of the audit the therapist reads: a sign-in event, a clinical read or an erasure.</summary>
public sealed record AuditEntry(
    DateTimeOffset At, string Kind, string? Who, Guid? ClientId, string? ClientName, string? What, string? IpAddress);

public sealed record AuditQuery(Guid? ClientId = null, DateOnly? From = null, DateOnly? To = null)
{
    public const int MaxEntries = 500;

    public Dictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        if (From is { Year: < 2000 or > 2200 } || To is { Year: < 2000 or > 2200 })
        {
            problems["from"] = ["Give the dates as yyyy-mm-dd."];
        }
        else if (From > To)
        {
            problems["to"] = ["The last day comes on or after the first."];
        }

        return problems;
    }
}

/// <summary>Sign-ins and clinical reads together, newest first, for one client and a span of the practice's days if asked.</summary>
public sealed class AuditTrail(PortalDb db)
{
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        // Her days, in the practice's zone: a read at 00:30 in June belongs to the day she lived it on.
        var zone = NodaTime.DateTimeZoneProviders.Tzdb[(await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken)).TimeZone];
        var since = query.From is { } f ? zone.AtStartOfDay(NodaTime.LocalDate.FromDateOnly(f)).ToDateTimeOffset() : DateTimeOffset.MinValue;
        var until = query.To is { } t ? zone.AtStartOfDay(NodaTime.LocalDate.FromDateOnly(t.AddDays(1))).ToDateTimeOffset() : DateTimeOffset.MaxValue;

        var reads = await (from read in db.ClinicalReads.AsNoTracking()
                           where read.At >= since && read.At < until && (query.ClientId == null || read.ClientId == query.ClientId)
                           join client in db.Clients on read.ClientId equals client.Id
                           join reader in db.UserAccounts on read.ReaderUserId equals reader.Id into readers
                           from reader in readers.DefaultIfEmpty()
                           orderby read.At descending
                           select new AuditEntry(read.At, "Read " + read.Record.ToString(), reader.EmailKey, read.ClientId, client.Name,
                               read.Shown, read.IpAddress))
            .Take(AuditQuery.MaxEntries).ToListAsync(cancellationToken);

        var signIns = await (from e in db.SignInEvents.AsNoTracking()
                             where e.At >= since && e.At < until
                             join account in db.UserAccounts on e.UserId equals account.Id into accounts
                             from account in accounts.DefaultIfEmpty()
                             where query.ClientId == null || account.ClientId == query.ClientId
                             orderby e.At descending
                             select new AuditEntry(e.At, e.Kind.ToString(), e.EmailKey, account.ClientId, null, e.Detail, e.IpAddress))
            .Take(AuditQuery.MaxEntries).ToListAsync(cancellationToken);

        var erasures = await (from erasure in db.ClientErasures.AsNoTracking()
                              where erasure.At >= since && erasure.At < until && (query.ClientId == null || erasure.ClientId == query.ClientId)
                              join account in db.UserAccounts on erasure.ByTherapistUserId equals account.Id into accounts
                              from account in accounts.DefaultIfEmpty()
                              orderby erasure.At descending
                              select new AuditEntry(erasure.At, erasure.ByTherapistUserId == null ? "Closed their account" : "Erased client",
                                  erasure.ByTherapistUserId == null ? "the client" : account.EmailKey, erasure.ClientId, erasure.Pseudonym,
                                  erasure.SessionsCancelled + " sessions cancelled, " + erasure.RefundsRequested + " refunds", erasure.IpAddress))
            .Take(AuditQuery.MaxEntries).ToListAsync(cancellationToken);

        return [.. reads.Concat(signIns).Concat(erasures).OrderByDescending(e => e.At).Take(AuditQuery.MaxEntries)];
    }
}
