namespace Portal.Web.Api;

/// <summary>The Web's one door to data: every page reads and writes through the Api, never the database.</summary>
public sealed class PortalApiClient(HttpClient http)
{
    public async Task<IReadOnlyList<SessionTypeView>> GetSessionTypesAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SessionTypeView[]>("api/session-types", cancellationToken) ?? [];
}

public static class PortalApiClientRegistration
{
    public static IHostApplicationBuilder AddPortalApiClient(this IHostApplicationBuilder builder)
    {
        // "https+http://api" is resolved by service discovery from what the AppHost hands the Web.
        var baseAddress = builder.Configuration["Api:BaseAddress"]
            ?? throw new InvalidOperationException("Api:BaseAddress is not configured.");
        builder.Services.AddHttpClient<PortalApiClient>(http => http.BaseAddress = new Uri(baseAddress));
        return builder;
    }
}
