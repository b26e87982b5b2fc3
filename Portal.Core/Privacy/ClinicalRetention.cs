namespace Portal.Core.Privacy;

/// <summary>
/// Section <c>Privacy</c>: how long the records the therapist must keep by law (session notes, the sessions held, the
/// payments) stay after a client is erased, without their contact details, before the Worker deletes them.
/// </summary>
public sealed class ClinicalRetention
{
    public const string Section = "Privacy";

    public int ClinicalRetentionYears { get; set; } = 7;

    public DateTimeOffset KeptUntil(DateTimeOffset erasedAt) => erasedAt.AddYears(ClinicalRetentionYears);

    public string? Problem() => ClinicalRetentionYears is < 1 or > 100 ? "Privacy:ClinicalRetentionYears must be between 1 and 100" : null;
}
