namespace Portal.Core.Bookings;

public enum SessionMode
{
    Virtual,
    InPerson,
}

/// <summary>A kind of session the practice offers, as a visitor sees it on the booking page.</summary>
public sealed class SessionType
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    /// <summary>The stable name in URLs and the Api (<c>/book/discovery-call</c>).</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    public required string Description { get; set; }

    public required TimeSpan Duration { get; set; }

    /// <summary>Price in the currency's minor unit (pence, cents); zero for the free discovery call.</summary>
    public long PriceMinorUnits { get; set; }

    /// <summary>ISO 4217 code, upper case.</summary>
    public required string Currency { get; set; }

    public SessionMode Mode { get; set; }

    /// <summary>Time kept free before the session (preparation); it cannot overlap another booking.</summary>
    public TimeSpan BufferBefore { get; set; }

    /// <summary>Time kept free after the session (notes, a breath); it cannot overlap another booking.</summary>
    public TimeSpan BufferAfter { get; set; }

    /// <summary>The free introductory call anyone may book.</summary>
    public bool IsDiscoveryCall { get; set; }

    /// <summary>Only clients whose discovery call is completed may book this type.</summary>
    public bool RequiresCompletedDiscovery { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Where the type stands in lists; lower first.</summary>
    public int DisplayOrder { get; set; }

    public bool IsFree => PriceMinorUnits == 0;
}
