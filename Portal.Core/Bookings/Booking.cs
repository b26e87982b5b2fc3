using Portal.Core.Clients;

namespace Portal.Core.Bookings;

public enum BookingStatus
{
    /// <summary>A paid session waiting for Stripe; the time is held until <see cref="Booking.HoldExpiresAt"/>.</summary>
    PendingPayment,
    Confirmed,
    Cancelled,
    Completed,
    NoShow,
    /// <summary>The payment hold ran out; the time is free again.</summary>
    Expired,
}

public enum CancellationKind
{
    ByClient,
    /// <summary>By the client inside the cancellation window (only the therapist can do it for them).</summary>
    LateByClient,
    ByTherapist,
}

/// <summary>A session in the calendar. Its status changes only through the methods below, which refuse illegal moves.</summary>
public sealed class Booking
{
    /// <summary>The statuses that hold time in the calendar; the database refuses two of them overlapping.</summary>
    public static readonly BookingStatus[] HoldingTime = [BookingStatus.PendingPayment, BookingStatus.Confirmed];

    private Booking()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    public Client Client { get; private set; } = null!;

    public Guid SessionTypeId { get; private set; }

    public SessionType SessionType { get; private set; } = null!;

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>The start less the session type's buffer before: the time no other booking may use.</summary>
    public DateTimeOffset OccupiedFrom { get; private set; }

    /// <summary>The end plus the buffer after.</summary>
    public DateTimeOffset OccupiedUntil { get; private set; }

    public BookingStatus Status { get; private set; }

    public DateTimeOffset? HoldExpiresAt { get; private set; }

    public CancellationKind? CancellationKind { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>What the client wrote when booking, for the therapist.</summary>
    public string? ClientNote { get; private set; }

    public bool IsDiscoveryCall { get; private set; }

    public static Booking Confirmed(Client client, SessionType type, DateTimeOffset start, string? note, DateTimeOffset now) =>
        New(client, type, start, note, now, BookingStatus.Confirmed, holdExpiresAt: null);

    public static Booking AwaitingPayment(
        Client client, SessionType type, DateTimeOffset start, string? note, DateTimeOffset now, DateTimeOffset holdExpiresAt) =>
        New(client, type, start, note, now, BookingStatus.PendingPayment, holdExpiresAt);

    public void Confirm()
    {
        Require(BookingStatus.PendingPayment, "confirmed");
        Status = BookingStatus.Confirmed;
        HoldExpiresAt = null;
    }

    /// <summary>No payment will come (the hold ran out, the session expired, the payment failed): free the time.</summary>
    public void ReleaseHold()
    {
        Require(BookingStatus.PendingPayment, "released");
        Status = BookingStatus.Expired;
    }

    /// <summary>A payment that landed after its hold was released takes the time back, if it is still free.</summary>
    public void Reinstate()
    {
        Require(BookingStatus.Expired, "reinstated");
        Status = BookingStatus.Confirmed;
        HoldExpiresAt = null;
    }

    public void Cancel(CancellationKind kind, DateTimeOffset now)
    {
        if (!HoldingTime.Contains(Status))
        {
            throw new IllegalBookingTransitionException(Id, Status, "cancelled");
        }

        Status = BookingStatus.Cancelled;
        CancellationKind = kind;
        CancelledAt = now;
        HoldExpiresAt = null;
    }

    /// <summary>Moves a confirmed session; the type's buffers move with it.</summary>
    public void Reschedule(DateTimeOffset newStart)
    {
        Require(BookingStatus.Confirmed, "moved");
        SetTimes(newStart.ToUniversalTime(), SessionType);
    }

    public void Complete(DateTimeOffset now)
    {
        RequireStarted(now, "completed");
        Status = BookingStatus.Completed;
    }

    public void MarkNoShow(DateTimeOffset now)
    {
        RequireStarted(now, "marked as a no-show");
        Status = BookingStatus.NoShow;
    }

    private static Booking New(
        Client client, SessionType type, DateTimeOffset start, string? note, DateTimeOffset now,
        BookingStatus status, DateTimeOffset? holdExpiresAt)
    {
        var booking = new Booking
        {
            Client = client,
            ClientId = client.Id,
            SessionType = type,
            SessionTypeId = type.Id,
            Status = status,
            HoldExpiresAt = holdExpiresAt?.ToUniversalTime(),
            CreatedAt = now.ToUniversalTime(),
            ClientNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            IsDiscoveryCall = type.IsDiscoveryCall,
        };
        booking.SetTimes(start.ToUniversalTime(), type);
        return booking;
    }

    private void SetTimes(DateTimeOffset start, SessionType type)
    {
        StartsAt = start;
        EndsAt = start + type.Duration;
        OccupiedFrom = start - type.BufferBefore;
        OccupiedUntil = EndsAt + type.BufferAfter;
    }

    private void Require(BookingStatus expected, string move)
    {
        if (Status != expected)
        {
            throw new IllegalBookingTransitionException(Id, Status, move);
        }
    }

    private void RequireStarted(DateTimeOffset now, string move)
    {
        Require(BookingStatus.Confirmed, move);
        if (StartsAt > now)
        {
            throw new IllegalBookingTransitionException(Id, Status, $"{move} before it starts");
        }
    }
}

public sealed class IllegalBookingTransitionException(Guid bookingId, BookingStatus status, string move)
    : InvalidOperationException($"Booking {bookingId} is {status} and cannot be {move}.");
