namespace Portal.Core.Privacy;

/// <summary>
/// The privacy notice a visitor agrees to on the booking form. Its version is recorded with each consent, so the
/// practice can show who agreed to which words, and when; change it whenever the words change.
/// </summary>
public static class PrivacyNotice
{
    public const string CurrentVersion = "2026-12-02";
}
