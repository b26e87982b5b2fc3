namespace Portal.Web.Identity;

/// <summary>
/// The Api's session token lives in the visitor's browser only: a <c>__Host-</c> cookie (Secure, HttpOnly,
/// SameSite=Lax, path /), which the Web forwards to the Api as a bearer token.
/// </summary>
public static class SessionCookie
{
    public const string Name = "__Host-portal-session";

    public static string? Read(HttpContext http) => http.Request.Cookies[Name];

    /// <summary>The cookie outlives any session; the Api, which slides and ends sessions, decides if it still works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public static void Write(HttpContext http, string token) =>
        http.Response.Cookies.Append(Name, token, new CookieOptions
        {
            Secure = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
            MaxAge = Lifetime,
        });

    private const string ReturnName = "portal-return";

    /// <summary>Where the visitor was going when asked to sign in, kept in this browser while the link is in the post.</summary>
    public static void RememberReturn(HttpContext http, string? returnUrl)
    {
        if (!string.IsNullOrEmpty(returnUrl))
        {
            http.Response.Cookies.Append(ReturnName, returnUrl, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = "/signin", MaxAge = TimeSpan.FromMinutes(20),
            });
        }
    }

    public static string? TakeReturn(HttpContext http)
    {
        var value = http.Request.Cookies[ReturnName];
        http.Response.Cookies.Delete(ReturnName, new CookieOptions { Path = "/signin" });
        return value;
    }

    public static void Delete(HttpContext http) =>
        http.Response.Cookies.Delete(Name, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
}
