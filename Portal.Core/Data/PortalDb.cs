using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Availability;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Core.Identity;
using Portal.Core.Messaging;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Practice;

namespace Portal.Core.Data;

/// <summary>The practice's database: every table the Api and the Worker share.</summary>
public sealed class PortalDb(DbContextOptions<PortalDb> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<SessionType> SessionTypes => Set<SessionType>();
    public DbSet<PracticeSettings> PracticeSettings => Set<PracticeSettings>();
    public DbSet<WorkingHours> WorkingHours => Set<WorkingHours>();
    public DbSet<AvailabilityException> AvailabilityExceptions => Set<AvailabilityException>();
    public DbSet<BlockedPeriod> BlockedPeriods => Set<BlockedPeriod>();
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Booking> Bookings => Set<Booking>();
    public DbSet<PendingBooking> PendingBookings => Set<PendingBooking>();
    public DbSet<Privacy.ClientConsent> ClientConsents => Set<Privacy.ClientConsent>();
    public DbSet<UserAccount> UserAccounts => Set<UserAccount>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<MagicLink> MagicLinks => Set<MagicLink>();
    public DbSet<SignInEvent> SignInEvents => Set<SignInEvent>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<MessageThread> MessageThreads => Set<MessageThread>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Payments.Payment> Payments => Set<Payments.Payment>();
    public DbSet<Payments.StripeEventRecord> StripeEvents => Set<Payments.StripeEventRecord>();
    public DbSet<ClientStageChange> ClientStageChanges => Set<ClientStageChange>();
    public DbSet<Notes.SessionNote> SessionNotes => Set<Notes.SessionNote>();
    public DbSet<Audit.ClinicalRead> ClinicalReads => Set<Audit.ClinicalRead>();
    public DbSet<Content.ContentItem> ContentItems => Set<Content.ContentItem>();
    public DbSet<Content.ContentChunk> ContentChunks => Set<Content.ContentChunk>();
    public DbSet<Content.ContentShare> ContentShares => Set<Content.ContentShare>();
    public DbSet<Calendar.GoogleConnection> GoogleConnections => Set<Calendar.GoogleConnection>();
    public DbSet<Calendar.CalendarCursor> CalendarCursors => Set<Calendar.CalendarCursor>();
    public DbSet<Calendar.GoogleAuthorization> GoogleAuthorizations => Set<Calendar.GoogleAuthorization>();
    public DbSet<Calendar.PushedEvent> PushedEvents => Set<Calendar.PushedEvent>();
    public DbSet<Intake.IntakeForm> IntakeForms => Set<Intake.IntakeForm>();
    public DbSet<Intake.IntakeResponse> IntakeResponses => Set<Intake.IntakeResponse>();
    public DbSet<Profile.EmailChange> EmailChanges => Set<Profile.EmailChange>();
    public DbSet<MyData.DataExport> DataExports => Set<MyData.DataExport>();
    public DbSet<Newsletter.Subscriber> NewsletterSubscribers => Set<Newsletter.Subscriber>();
    public DbSet<Newsletter.NewsletterConsent> NewsletterConsents => Set<Newsletter.NewsletterConsent>();
    public DbSet<Newsletter.SuppressedAddress> NewsletterSuppressions => Set<Newsletter.SuppressedAddress>();
    public DbSet<Newsletter.DeliveryEvent> NewsletterDeliveryEvents => Set<Newsletter.DeliveryEvent>();
    public DbSet<Newsletter.NewsletterIssue> NewsletterIssues => Set<Newsletter.NewsletterIssue>();
    public DbSet<Newsletter.NewsletterRecipient> NewsletterRecipients => Set<Newsletter.NewsletterRecipient>();
    public DbSet<Waitlist.WaitlistEntry> WaitlistEntries => Set<Waitlist.WaitlistEntry>();
    public DbSet<Waitlist.WaitlistOffer> WaitlistOffers => Set<Waitlist.WaitlistOffer>();
    public DbSet<Erasure.ClosureRequest> ClosureRequests => Set<Erasure.ClosureRequest>();
    public DbSet<Erasure.ClientErasureRecord> ClientErasures => Set<Erasure.ClientErasureRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDb).Assembly);
}

public static class PortalDbConventions
{
    /// <summary>
    /// Naming conventions every <see cref="PortalDb"/> is built with (services, tests, design-time tooling),
    /// so they never disagree about table and column names. Not in OnConfiguring: pooled contexts forbid it.
    /// </summary>
    public static TBuilder UsePortalConventions<TBuilder>(this TBuilder options) where TBuilder : DbContextOptionsBuilder
    {
        options.UseSnakeCaseNamingConvention();
        return options;
    }
}
