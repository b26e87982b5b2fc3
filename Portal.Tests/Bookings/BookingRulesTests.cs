using Portal.Core.Bookings;
using Portal.Core.Clients;

namespace Portal.Tests.Bookings;

public sealed class BookingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);
    private static readonly SessionType Discovery = SessionTypeSeed.Create().Single(t => t.IsDiscoveryCall);
    private static readonly SessionType Paid = SessionTypeSeed.Create().First(t => t.RequiresCompletedDiscovery);

    [Fact]
    public void The_gate_lets_anyone_book_the_discovery_call_and_nobody_new_book_paid_sessions()
    {
        Assert.Equal(GateVerdict.Allowed, DiscoveryGate.Check(Discovery, client: null, signedIn: false, hasUpcomingDiscoveryCall: false));
        Assert.Equal(GateVerdict.DiscoveryFirst, DiscoveryGate.Check(Paid, client: null, signedIn: false, hasUpcomingDiscoveryCall: false));
        Assert.Equal(GateVerdict.DiscoveryAlreadyBooked, DiscoveryGate.Check(Discovery, NewClient(), signedIn: false, hasUpcomingDiscoveryCall: true));

        // A free session that is not the discovery call (a check-in the therapist offers) is for signed-in clients.
        var checkIn = SessionTypeSeed.Create().Single(t => t.IsDiscoveryCall);
        checkIn.IsDiscoveryCall = false;
        Assert.Equal(GateVerdict.DiscoveryFirst, DiscoveryGate.Check(checkIn, client: null, signedIn: false, hasUpcomingDiscoveryCall: false));
        Assert.Equal(GateVerdict.Allowed, DiscoveryGate.Check(checkIn, NewClient(), signedIn: true, hasUpcomingDiscoveryCall: false));
    }

    [Fact]
    public void Paid_sessions_open_only_to_a_signed_in_client_whose_discovery_is_completed()
    {
        var client = NewClient();
        Assert.Equal(GateVerdict.DiscoveryFirst, DiscoveryGate.Check(Paid, client, signedIn: true, hasUpcomingDiscoveryCall: false));

        client.CompleteDiscovery(Now);

        Assert.Equal(GateVerdict.DiscoveryFirst, DiscoveryGate.Check(Paid, client, signedIn: false, hasUpcomingDiscoveryCall: false));
        Assert.Equal(GateVerdict.Allowed, DiscoveryGate.Check(Paid, client, signedIn: true, hasUpcomingDiscoveryCall: false));
        Assert.Equal(GateVerdict.DiscoveryAlreadyHad, DiscoveryGate.Check(Discovery, client, signedIn: true, hasUpcomingDiscoveryCall: false));
    }

    [Fact]
    public void An_intake_form_that_asks_something_comes_before_paid_sessions_unless_the_therapist_waives_it()
    {
        var client = NewClient();
        client.CompleteDiscovery(Now);
        Assert.Equal(GateVerdict.IntakeFirst, DiscoveryGate.Check(Paid, client, signedIn: true, hasUpcomingDiscoveryCall: false, intakeAsked: true));
        Assert.Equal(GateVerdict.Allowed, DiscoveryGate.Check(Paid, client, signedIn: true, hasUpcomingDiscoveryCall: false, intakeAsked: false));
        Assert.Equal(GateVerdict.Allowed, DiscoveryGate.Check(Discovery, NewClient(), signedIn: true, hasUpcomingDiscoveryCall: false, intakeAsked: true));

        client.WaiveIntake(Now);
        Assert.Equal(GateVerdict.Allowed, DiscoveryGate.Check(Paid, client, signedIn: true, hasUpcomingDiscoveryCall: false, intakeAsked: true));

        client.RequireIntake();
        Assert.Equal(GateVerdict.IntakeFirst, DiscoveryGate.Check(Paid, client, signedIn: true, hasUpcomingDiscoveryCall: false, intakeAsked: true));
        client.IntakeSubmitted(Now);
        Assert.Equal(GateVerdict.Allowed, DiscoveryGate.Check(Paid, client, signedIn: true, hasUpcomingDiscoveryCall: false, intakeAsked: true));
    }

    [Fact]
    public void Stages_move_forward_with_the_discovery_call()
    {
        var client = NewClient();
        Assert.Equal(ClientStage.Prospect, client.Stage);

        client.DiscoveryCallBooked(Now);
        Assert.Equal(ClientStage.DiscoveryBooked, client.Stage);
        client.DiscoveryCallCancelled(Now);
        Assert.Equal(ClientStage.Prospect, client.Stage);

        client.DiscoveryCallBooked(Now);
        client.CompleteDiscovery(Now);
        Assert.Equal(ClientStage.DiscoveryCompleted, client.Stage);
        Assert.Equal(Now, client.DiscoveryCompletedAt);

        client.BecomeActive(Now);
        Assert.Equal(ClientStage.Active, client.Stage);
        client.MarkInactive(Now);
        Assert.Equal(ClientStage.Inactive, client.Stage);
    }

    [Fact]
    public void A_booking_occupies_its_time_plus_the_types_buffers()
    {
        var start = Now.AddDays(1);
        var booking = Booking.Confirmed(NewClient(), SessionTypeSeed.Create().Single(t => t.Slug == "in-person-session"), start, null, Now);

        Assert.Equal(start.AddMinutes(-5), booking.OccupiedFrom);
        Assert.Equal(start.AddMinutes(50), booking.EndsAt);
        Assert.Equal(start.AddMinutes(60), booking.OccupiedUntil);
    }

    [Fact]
    public void Legal_moves_change_the_status_and_illegal_ones_are_refused()
    {
        var pending = Booking.AwaitingPayment(NewClient(), Paid, Now.AddDays(2), null, Now, Now.AddMinutes(30));
        Assert.Throws<IllegalBookingTransitionException>(() => pending.Complete(Now.AddDays(3)));
        pending.Confirm();
        Assert.Equal(BookingStatus.Confirmed, pending.Status);
        Assert.Null(pending.HoldExpiresAt);
        Assert.Throws<IllegalBookingTransitionException>(() => pending.Confirm());
        Assert.Throws<IllegalBookingTransitionException>(() => pending.Complete(Now)); // before it starts
        pending.Complete(Now.AddDays(3));
        Assert.Equal(BookingStatus.Completed, pending.Status);
        Assert.Throws<IllegalBookingTransitionException>(() => pending.Cancel(CancellationKind.ByClient, Now));
        Assert.Throws<IllegalBookingTransitionException>(() => pending.ReleaseHold());

        var expiring = Booking.AwaitingPayment(NewClient(), Paid, Now.AddDays(2), null, Now, Now.AddMinutes(30));
        expiring.ReleaseHold();
        Assert.Equal(BookingStatus.Expired, expiring.Status);
        Assert.Throws<IllegalBookingTransitionException>(() => expiring.Confirm());
        Assert.Throws<IllegalBookingTransitionException>(() => expiring.ReleaseHold());
        expiring.Reinstate(); // paid after all, and the time was still free
        Assert.Equal((BookingStatus.Confirmed, null), (expiring.Status, expiring.HoldExpiresAt));
        Assert.Throws<IllegalBookingTransitionException>(() => expiring.Reinstate());

        var cancelled = Booking.Confirmed(NewClient(), Discovery, Now.AddDays(2), null, Now);
        cancelled.Cancel(CancellationKind.LateByClient, Now);
        Assert.Equal((BookingStatus.Cancelled, CancellationKind.LateByClient), (cancelled.Status, cancelled.CancellationKind));
        Assert.Throws<IllegalBookingTransitionException>(() => cancelled.Reschedule(Now.AddDays(3)));
    }

    [Fact]
    public void Moving_a_confirmed_booking_moves_its_buffers_with_it()
    {
        var booking = Booking.Confirmed(NewClient(), Discovery, Now.AddDays(1), null, Now);

        booking.Reschedule(Now.AddDays(2));

        Assert.Equal(Now.AddDays(2), booking.StartsAt);
        Assert.Equal(Now.AddDays(2).AddMinutes(30), booking.OccupiedUntil);
    }

    [Theory]
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("+1 (212) 555-0123", "GB", "+12125550123")]
    [InlineData("030 12345678", "DE", "+493012345678")]
    public void Phones_are_normalised_to_e164(string typed, string region, string expected)
    {
        var (details, errors) = ContactDetails.Read("Sam", "sam@example.com", typed, region);

        Assert.Empty(errors);
        Assert.Equal(expected, details!.Phone);
    }

    [Theory]
    [InlineData("sam@", "email")]
    [InlineData("sam example.com", "email")]
    [InlineData("Sam <sam@example.com>", "email")]
    public void Emails_that_cannot_receive_mail_are_refused(string email, string field)
    {
        var (_, errors) = ContactDetails.Read("Sam", email, "07911 123456", "GB");

        Assert.Contains(field, errors.Keys);
    }

    private static Client NewClient() =>
        Client.Register(new ContactDetails("Sam", "sam@example.com", "+447911123456"), "Europe/London", Now);
}
