using System.Security.Claims;
using Portal.Api.Identity;
using Portal.Core.Audit;

namespace Portal.Api.Audit;

public static class AuditedReaders
{
    /// <summary>The signed-in caller as the audit of clinical reads names them: their account and their address.</summary>
    public static Reader AsReader(this HttpContext http) =>
        new(http.User.UserId(), http.Connection.RemoteIpAddress?.ToString());
}
