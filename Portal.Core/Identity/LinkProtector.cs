using Microsoft.AspNetCore.DataProtection;

namespace Portal.Core.Identity;

/// <summary>
/// A sign-in token must reach the Worker that emails it without being stored readable: the outbox keeps it
/// encrypted with the Data Protection key ring the Api and the Worker share (kept in PostgreSQL).
/// </summary>
public sealed class LinkProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("Portal.SignInLinks.v1");

    public string Protect(string token) => protector.Protect(token);

    public string Unprotect(string protectedToken) => protector.Unprotect(protectedToken);
}
