using System.Net.Http.Headers;

namespace Portal.Web.Identity;

/// <summary>
/// Every Api call carries the visitor's session (from the cookie) and their address (for per-IP limits): the Api
/// decides who they are and what they may do, on every request.
/// </summary>
public sealed class ApiCallerForwarding(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { } http)
        {
            if (SessionCookie.Read(http) is { Length: > 0 } token && request.Headers.Authorization is null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (http.Connection.RemoteIpAddress is { } address)
            {
                request.Headers.TryAddWithoutValidation("X-Forwarded-For", address.ToString());
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
