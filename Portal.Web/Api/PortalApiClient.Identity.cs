using System.Net;

namespace Portal.Web.Api;

/// <summary>Signing in and the signed-in pages' reads and changes.</summary>
public sealed partial class PortalApiClient
{
    public async Task<ApiProblem?> RequestSignInLinkAsync(string email, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/auth/magic-link", new { email }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    public async Task<(SessionView? Session, ApiProblem? Problem)> SpendSignInLinkAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/auth/sessions", new { token }, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<SessionView>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    /// <summary>The address the link signs in, masked; or why the link no longer works. Spends nothing.</summary>
    public async Task<(LinkAddressView? Link, ApiProblem? Problem)> SignInLinkAddressAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/auth/link-address", new { token }, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<LinkAddressView>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    /// <summary>Whether the Api opens the developer's password door to this visitor; only then does the page offer it.</summary>
    public async Task<bool> PasswordDoorOpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await http.GetFromJsonAsync<PasswordDoorView>("api/auth/password-door", cancellationToken))?.Open == true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException)
        {
            return false; // a developer's convenience never stands between a visitor and the sign-in form
        }
    }

    public async Task<(SessionView? Session, ApiProblem? Problem)> SignInWithPasswordAsync(string email, string password, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/auth/password", new { email, password }, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<SessionView>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    public async Task SignOutAsync(bool everywhere, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(everywhere ? "api/auth/sign-out-everywhere" : "api/auth/sign-out", null, cancellationToken);
    }

    /// <summary>Who the cookie's session belongs to; null when there is none or it ended.</summary>
    public async Task<MeView?> MeAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/me", cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<MeView>(cancellationToken);
    }

    public async Task<BookingView[]> MyBookingsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<BookingView[]>("api/me/bookings", cancellationToken) ?? [];

    /// <summary>One of the signed-in client's own bookings; null when it is not theirs.</summary>
    public async Task<BookingView?> MyBookingAsync(Guid id, CancellationToken cancellationToken) =>
        (await MyBookingsAsync(cancellationToken)).FirstOrDefault(b => b.Id == id);

    public async Task<BookingView[]> BookingsBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<BookingView[]>(
            $"api/bookings?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}", cancellationToken) ?? [];

    public async Task<NotificationListView> NotificationsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<NotificationListView>("api/notifications", cancellationToken) ?? new NotificationListView(0, []);

    public async Task MarkNotificationsReadAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("api/notifications/read-all", null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<SignInEventView[]> SignInAuditAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SignInEventView[]>("api/audit/sign-ins", cancellationToken) ?? [];

    public async Task<DeadLetterView[]> DeadLettersAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<DeadLetterView[]>("api/outbox/dead-letters", cancellationToken) ?? [];

    public async Task RetryDeadLetterAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/outbox/dead-letters/{id}/retry", null, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    public async Task<int> UnreadMessagesAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<UnreadMessagesView>("api/messages/unread-count", cancellationToken))?.Count ?? 0;

    public async Task<ApiProblem?> CancelBookingAsync(Guid id, CancellationToken cancellationToken) =>
        await CancelBookingAsync(id, TherapistCancellation.InTime, cancellationToken);

    /// <summary>The therapist cancels: her choice decides whether a paid session is refunded.</summary>
    public async Task<ApiProblem?> CancelBookingAsync(Guid id, TherapistCancellation kind, CancellationToken cancellationToken)
    {
        var request = new { lateByClient = kind != TherapistCancellation.InTime, refund = kind == TherapistCancellation.LateRefunded };
        using var response = await http.PostAsJsonAsync($"api/bookings/{id}/cancel", request, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    /// <summary>The therapist records whether the client came (a discovery call attended opens paid sessions).</summary>
    public async Task<(BookingView? Booking, ApiProblem? Problem)> RecordAttendanceAsync(Guid id, bool attended, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/bookings/{id}/{(attended ? "complete" : "no-show")}", null, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<BookingView>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    public async Task<ApiProblem?> RescheduleBookingAsync(Guid id, DateTimeOffset start, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/bookings/{id}/reschedule", new { start }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    public async Task<ApiProblem?> ChangeTimeZoneAsync(string timeZone, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync("api/me/time-zone", new { timeZone }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    /// <summary>
    /// A refusal the page can explain; a server failure stays an exception (the error page). 503 is a refusal:
    /// the Api says something is not available now (payments not set up, Stripe unreachable) and why.
    /// </summary>
    private static async Task<ApiProblem> ProblemOrThrowAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            response.EnsureSuccessStatusCode();
        }

        return await ApiProblem.ReadAsync(response, cancellationToken);
    }
}
