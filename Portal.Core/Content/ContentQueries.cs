using Portal.Core.Bookings;
using Portal.Core.Data;

namespace Portal.Core.Content;

public static class ContentQueries
{
    /// <summary>
    /// The one rule of who sees what in the library: the therapist sees every item; a client sees an item only once it
    /// is shared with them; nobody else sees any. Every endpoint that shows an item or its file goes through here.
    /// </summary>
    public static IQueryable<ContentItem> ContentVisibleTo(this PortalDb db, Actor caller) =>
        caller.IsTherapist
            ? db.ContentItems
            : db.ContentItems.Where(i => caller.ClientId != null && db.ContentShares.Any(s => s.ItemId == i.Id && s.ClientId == caller.ClientId));
}
