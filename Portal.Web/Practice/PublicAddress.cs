namespace Portal.Web.Practice;

/// <summary>
/// The address visitors browse to (<c>Portal:PublicUrl</c>). Canonical links and <c>og:url</c> are built from it, never
/// from the request's Host header, which anyone can set: a cached or shared page must not point at another site.
/// </summary>
public sealed class PublicAddress(Uri? root)
{
    /// <summary>The page's absolute address under the configured root; null when no root is configured.</summary>
    /// <remarks>Joined as text, escaped: a path such as <c>/http:elsewhere</c> cannot make itself the address.</remarks>
    public string? Of(PathString path) => root is null ? null : root.AbsoluteUri.TrimEnd('/') + path.ToUriComponent();
}

public static class PublicAddressRegistration
{
    public static IHostApplicationBuilder AddPublicAddress(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration["Portal:PublicUrl"];
        Uri? root = null;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            root = Uri.TryCreate(configured.EndsWith('/') ? configured : configured + "/", UriKind.Absolute, out var url)
                && url.Scheme is "http" or "https"
                ? url
                : throw new InvalidOperationException($"Portal:PublicUrl '{configured}' is not an absolute http(s) address.");
        }

        builder.Services.AddSingleton(new PublicAddress(root));
        return builder;
    }
}
