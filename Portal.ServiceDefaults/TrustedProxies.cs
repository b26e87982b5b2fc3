using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Section <c>ForwardedHeaders</c>: who may say on a visitor's behalf where the request came from. Only a peer named
/// in <c>KnownProxies</c> (addresses) or <c>KnownNetworks</c> (CIDR, e.g. <c>10.0.0.0/8</c>) is believed, and at most
/// <c>ForwardLimit</c> hops are taken (default 1); loopback is always trusted. Anyone else's
/// <c>X-Forwarded-*</c> headers are ignored, so an attacker cannot pick the address their attempts are counted under.
/// </summary>
public static class TrustedProxies
{
    public const string SectionName = "ForwardedHeaders";

    public static TBuilder AddTrustedProxies<TBuilder>(this TBuilder builder, ForwardedHeaders believed)
        where TBuilder : IHostApplicationBuilder
    {
        var section = builder.Configuration.GetSection(SectionName);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        var limit = section.GetValue<int?>("ForwardLimit") ?? 1;
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = believed;
            options.ForwardLimit = limit;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{SectionName}:KnownProxies holds '{proxy}', which is not an IP address."));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"{SectionName}:KnownNetworks holds '{network}', which is not a CIDR network."));
            }
        });
        return builder;
    }
}
