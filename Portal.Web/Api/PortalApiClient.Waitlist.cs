namespace Portal.Web.Api;

/// <summary>The signed-in client's places on the waitlist and the times offered to them.</summary>
public sealed partial class PortalApiClient
{
    public async Task<WaitlistPlaceView[]> MyWaitlistAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<WaitlistPlaceView[]>("api/me/waitlist", cancellationToken))!;

    public async Task<ApiProblem?> JoinWaitlistAsync(WaitlistForm form, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/me/waitlist", form, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    /// <returns>False when the place was already gone.</returns>
    public async Task<bool> LeaveWaitlistAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/me/waitlist/{id}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    public async Task<BookingResult> TakeWaitlistOfferAsync(Guid offerId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/me/waitlist/offers/{offerId}/take", null, cancellationToken);
        return response.IsSuccessStatusCode
            ? new BookingResult(await response.Content.ReadFromJsonAsync<BookedView>(cancellationToken), null)
            : new BookingResult(null, await ProblemOrThrowAsync(response, cancellationToken));
    }
}

public sealed record WaitlistForm(string SessionType, DateOnly? From, DateOnly? To, string[] PartsOfDay, string? TimeZone);

public sealed record WaitlistPlaceView(
    Guid Id, string SessionType, string SessionTypeName, DateOnly From, DateOnly To, string[] PartsOfDay, string TimeZone,
    DateTimeOffset JoinedAt, WaitlistOfferView? Offer)
{
    /// <summary>"mornings and evenings", or "any time of day".</summary>
    public string PartsInWords => PartsOfDay.Length is 0 or 3
        ? "any time of day"
        : string.Join(" and ", PartsOfDay.Select(p => p + "s"));
}

/// <param name="Start">In the place's time zone.</param>
public sealed record WaitlistOfferView(Guid Id, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset ExpiresAt);
