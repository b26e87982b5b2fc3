namespace Portal.Web.Api;

/// <summary>The Web's one door to data: every page reads and writes through the Api, never the database.</summary>
public sealed partial class PortalApiClient(HttpClient http)
{
    public async Task<IReadOnlyList<SessionTypeView>> GetSessionTypesAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SessionTypeView[]>("api/session-types", cancellationToken) ?? [];

    /// <summary>An active session type by its slug; null when there is none.</summary>
    public async Task<SessionTypeView?> GetSessionTypeAsync(string slug, CancellationToken cancellationToken) =>
        (await GetSessionTypesAsync(cancellationToken)).FirstOrDefault(t => t.Slug == slug);

    /// <summary>Free starts of a type on the visitor's days <paramref name="from"/>..<paramref name="to"/>; null when the type is unknown.</summary>
    public async Task<SlotsView?> GetSlotsAsync(string sessionType, DateOnly from, DateOnly to, string timeZone, CancellationToken cancellationToken)
    {
        var url = $"api/slots?sessionType={Uri.EscapeDataString(sessionType)}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&tz={Uri.EscapeDataString(timeZone)}";
        using var response = await http.GetAsync(url, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SlotsView>(cancellationToken);
    }

    public Task<BookingResult> BookAsync(BookingForm form, CancellationToken cancellationToken) => PostBookingAsync(form, cancellationToken);

    public Task<BookingResult> BookPaidAsync(PaidBookingForm form, CancellationToken cancellationToken) => PostBookingAsync(form, cancellationToken);

    /// <summary>The address a held booking's link is for, masked; or why the link no longer works. Spends nothing.</summary>
    public async Task<(string? Address, ApiProblem? Problem)> HeldBookingAddressAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/bookings/held/address", new { token }, cancellationToken);
        return response.IsSuccessStatusCode
            ? ((await response.Content.ReadFromJsonAsync<LinkAddressView>(cancellationToken))?.Email, null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    /// <summary>Confirms a held guest booking with its emailed link: the booking, or why not.</summary>
    public async Task<BookingResult> ConfirmHeldBookingAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/bookings/held/confirm", new { token }, cancellationToken);
        return response.IsSuccessStatusCode
            ? new BookingResult(await response.Content.ReadFromJsonAsync<BookedView>(cancellationToken), null)
            : new BookingResult(null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    private async Task<BookingResult> PostBookingAsync<T>(T form, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/bookings", form, cancellationToken);
        return response.IsSuccessStatusCode
            ? new BookingResult(await response.Content.ReadFromJsonAsync<BookedView>(cancellationToken), null)
            : new BookingResult(null, await ProblemOrThrowAsync(response, cancellationToken));
    }
}

public static class PortalApiClientRegistration
{
    public static IHostApplicationBuilder AddPortalApiClient(this IHostApplicationBuilder builder)
    {
        // "https+http://api" is resolved by service discovery from what the AppHost hands the Web.
        var baseAddress = builder.Configuration["Api:BaseAddress"]
            ?? throw new InvalidOperationException("Api:BaseAddress is not configured.");
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<Identity.ApiCallerForwarding>();
        builder.Services.AddHttpClient<PortalApiClient>(http => http.BaseAddress = new Uri(baseAddress))
            .AddHttpMessageHandler<Identity.ApiCallerForwarding>();
        return builder;
    }
}
