using Microsoft.EntityFrameworkCore;
using Portal.Core.Clients;
using Portal.Core.Data;

namespace Portal.Core.Identity;

/// <summary>The therapist's account comes from configuration (<c>Identity:TherapistEmail</c>) at first start.</summary>
public static class TherapistAccountSeed
{
    /// <returns>True when an account was created.</returns>
    public static async Task<bool> EnsureAsync(PortalDb db, string? email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var emailKey = ContactDetails.EmailKeyOf(email);
        if (await db.UserAccounts.AnyAsync(u => u.EmailKey == emailKey, cancellationToken))
        {
            return false;
        }

        db.UserAccounts.Add(UserAccount.ForTherapist(email, now));
        var practice = await db.PracticeSettings.SingleAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(practice.TherapistEmail))
        {
            practice.TherapistEmail = email.Trim();
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
