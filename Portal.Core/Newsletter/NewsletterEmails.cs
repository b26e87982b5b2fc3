using Portal.Core.Notifications;

namespace Portal.Core.Newsletter;

/// <summary>The double opt-in: "press to confirm you want the newsletter". Its token travels encrypted, like a sign-in link's.</summary>
public sealed record NewsletterConfirmationEmail(string To, string Name, string ProtectedToken) : EmailRequest
{
    public override EmailRequest WithoutSecrets() => this with { ProtectedToken = "" };
}
