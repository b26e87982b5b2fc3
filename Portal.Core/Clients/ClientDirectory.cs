using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Data;

namespace Portal.Core.Clients;

/// <summary>A client as the list of clients shows them.</summary>
public sealed record ClientListing(
    Guid Id, string Name, string Email, string Phone, ClientStage Stage, DateTimeOffset? DiscoveryCompletedAt,
    DateTimeOffset? NextSession, DateTimeOffset? LastSession, int UnreadMessages);

/// <param name="NewestFirst">Newest clients first (who is new) instead of name order.</param>
public sealed record ClientSearch(
    string? Text = null, ClientStage? Stage = null, int Page = 1, int PageSize = ClientSearch.DefaultPageSize, bool NewestFirst = false)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public Dictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        if (Page is < 1 or > 100_000)
        {
            problems["page"] = ["Pages are numbered from 1."];
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            problems["pageSize"] = [$"A page holds 1 to {MaxPageSize} clients."];
        }

        if (Text?.Length > 200)
        {
            problems["search"] = ["Search with up to 200 characters of a name, an email or a phone number."];
        }

        return problems;
    }
}

public sealed record ClientPage(IReadOnlyList<ClientListing> Clients, int Total, int Page, int PageSize);

/// <summary>Every client, found by name, email or phone and by stage, a page at a time, in name order or newest first.</summary>
public sealed class ClientDirectory(PortalDb db, TimeProvider clock)
{
    private static readonly BookingStatus[] TookPlace = [BookingStatus.Completed, BookingStatus.NoShow, BookingStatus.Confirmed];

    public async Task<ClientPage> FindAsync(ClientSearch search, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var clients = db.Clients.AsNoTracking();
        if (search.Stage is { } stage)
        {
            clients = clients.Where(c => c.Stage == stage);
        }

        if (search.Text?.Trim() is { Length: > 0 } text)
        {
            var pattern = $"%{Escaped(text)}%";
            // Phones are kept as +44…: a number typed as the client says it (07911 …) matches without its trunk 0.
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
            var phonePattern = digits.Length >= 3 ? $"%{digits}%" : null;
            clients = clients.Where(c => EF.Functions.ILike(c.Name, pattern, "\\") || EF.Functions.ILike(c.Email, pattern, "\\")
                || (phonePattern != null && EF.Functions.Like(c.Phone, phonePattern)));
        }

        var total = await clients.CountAsync(cancellationToken);
        var ordered = search.NewestFirst ? clients.OrderByDescending(c => c.CreatedAt) : clients.OrderBy(c => c.Name);
        var page = await ordered.ThenBy(c => c.Id)
            .Skip((search.Page - 1) * search.PageSize).Take(search.PageSize)
            .Select(c => new ClientListing(
                c.Id, c.Name, c.Email, c.Phone, c.Stage, c.DiscoveryCompletedAt,
                db.Bookings.Where(b => b.ClientId == c.Id && Booking.HoldingTime.Contains(b.Status) && b.StartsAt > now)
                    .Min(b => (DateTimeOffset?)b.StartsAt),
                db.Bookings.Where(b => b.ClientId == c.Id && TookPlace.Contains(b.Status) && b.StartsAt <= now)
                    .Max(b => (DateTimeOffset?)b.StartsAt),
                db.Messages.Count(m => !m.FromTherapist && m.ReadAt == null
                    && db.MessageThreads.Any(t => t.Id == m.ThreadId && t.ClientId == c.Id))))
            .ToListAsync(cancellationToken);
        return new ClientPage(page, total, search.Page, search.PageSize);
    }

    private static string Escaped(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
