using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Payments;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> payment)
    {
        payment.HasKey(p => p.Id);
        payment.HasOne(p => p.Booking).WithMany().HasForeignKey(p => p.BookingId).OnDelete(DeleteBehavior.Restrict);
        payment.HasOne<Clients.Client>().WithMany().HasForeignKey(p => p.ClientId).OnDelete(DeleteBehavior.Restrict);
        payment.HasIndex(p => p.BookingId).IsUnique();
        payment.HasIndex(p => p.CheckoutSessionId).IsUnique();
        payment.HasIndex(p => p.PaymentIntentId);
        payment.HasIndex(p => new { p.ClientId, p.CreatedAt });
        payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        payment.Property(p => p.Currency).HasMaxLength(3);
        payment.Property(p => p.CheckoutSessionId).HasMaxLength(255);
        payment.Property(p => p.CheckoutUrl).HasMaxLength(2048);
        payment.Property(p => p.PaymentIntentId).HasMaxLength(255);
        payment.Property(p => p.RefundReason).HasMaxLength(200);
        payment.Ignore(p => p.IsPaid);
        payment.Ignore(p => p.RefundableMinorUnits);
        payment.ToTable(t => t.HasCheckConstraint("ck_payments_refunded", "refunded_minor_units BETWEEN 0 AND amount_minor_units"));
    }
}

internal sealed class StripeEventRecordConfiguration : IEntityTypeConfiguration<StripeEventRecord>
{
    public void Configure(EntityTypeBuilder<StripeEventRecord> stripeEvent)
    {
        stripeEvent.ToTable("stripe_events");
        stripeEvent.HasKey(e => e.Id);
        stripeEvent.Property(e => e.Id).HasMaxLength(255);
        stripeEvent.Property(e => e.Type).HasMaxLength(100);
    }
}
