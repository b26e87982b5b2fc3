namespace Portal.Web.Practice;

public static class SecurityHeaders
{
    /// <summary>Pages with a person's own bookings, notes or sign-in links: no browser or shared cache keeps them.</summary>
    private static readonly PathString[] Private = ["/me", "/admin", "/signin"];

    /// <summary>
    /// Nothing on these pages comes from a third party, so the content security policy can say "self" only.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (Private.Any(prefix => context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                headers.CacheControl = "no-store";
            }

            await next();
        });
        return app;
    }
}
