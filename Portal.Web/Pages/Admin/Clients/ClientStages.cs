namespace Portal.Web.Pages.Admin.Clients;

/// <summary>The stages as the therapist says them.</summary>
public static class ClientStages
{
    public static readonly (string Value, string Label)[] All =
    [
        ("Prospect", "Enquiry"),
        ("DiscoveryBooked", "Discovery call booked"),
        ("DiscoveryCompleted", "Discovery call done"),
        ("Active", "Active"),
        ("Inactive", "Inactive"),
    ];

    public static string Label(string stage) => All.FirstOrDefault(s => s.Value == stage).Label ?? stage;
}
