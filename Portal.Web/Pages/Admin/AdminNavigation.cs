namespace Portal.Web.Pages.Admin;

/// <summary>The therapist's own navigation, in one place: a page a later issue brings adds its item here with one line.</summary>
public static class AdminNavigation
{
    public static readonly IReadOnlyList<AdminNavItem> Items =
    [
        new("Today", "/admin"),
        new("Calendar", "/admin/calendar"),
        new("Clients", "/admin/clients"),
        new("Messages", "/admin/messages") { ShowsUnreadMessages = true },
        new("Content", "/admin/content"),
        new("Payments", "/admin/payments"),
        new("Newsletter", "/admin/newsletter"),
        new("Settings", "/admin/settings", "/admin/availability", "/admin/session-types", "/admin/intake", "/admin/integrations"),
        new("Audit", "/admin/audit", "/admin/sign-ins"),
        new("Account", "/admin/account"),
    ];
}

/// <param name="AlsoFor">Pages reached from this item's page, where it stays marked as current.</param>
public sealed record AdminNavItem(string Label, string Href, params string[] AlsoFor)
{
    /// <summary>The item carries the badge of messages waiting for her.</summary>
    public bool ShowsUnreadMessages { get; init; }

    /// <summary>Today is its own address only; every other item also covers the pages under it (a client's page under Clients).</summary>
    public bool IsCurrentFor(PathString path) =>
        Href == "/admin"
            ? path.Equals("/admin", StringComparison.OrdinalIgnoreCase) || path.Equals("/admin/", StringComparison.OrdinalIgnoreCase)
            : AlsoFor.Prepend(Href).Any(address => path.StartsWithSegments(address, StringComparison.OrdinalIgnoreCase));
}
