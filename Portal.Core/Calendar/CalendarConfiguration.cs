using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Calendar;

internal sealed class GoogleConnectionConfiguration : IEntityTypeConfiguration<GoogleConnection>
{
    public void Configure(EntityTypeBuilder<GoogleConnection> connection)
    {
        connection.HasKey(c => c.Id);
        connection.Property(c => c.Account).HasMaxLength(320);
        connection.Property(c => c.DestinationCalendarId).HasMaxLength(1024);
        connection.Property(c => c.LastError).HasMaxLength(500);
        connection.Property(c => c.Calendars)
            .HasColumnType("jsonb")
            .HasConversion(
                list => JsonSerializer.Serialize(list, JsonSerializerOptions.Web),
                json => JsonSerializer.Deserialize<List<CalendarChoice>>(json, JsonSerializerOptions.Web) ?? new List<CalendarChoice>(),
                new ValueComparer<List<CalendarChoice>>(
                    (a, b) => a!.SequenceEqual(b!), list => list.Aggregate(0, (hash, c) => HashCode.Combine(hash, c)), list => list.ToList()));
        connection.Ignore(c => c.IsBroken);
        connection.Ignore(c => c.RefreshTokenPlace);
        connection.Ignore(c => c.AccessTokenPlace);
    }
}

internal sealed class CalendarCursorConfiguration : IEntityTypeConfiguration<CalendarCursor>
{
    public void Configure(EntityTypeBuilder<CalendarCursor> cursor)
    {
        cursor.HasKey(c => new { c.ConnectionId, c.CalendarId });
        cursor.Property(c => c.CalendarId).HasMaxLength(1024);
        cursor.HasOne<GoogleConnection>().WithMany().HasForeignKey(c => c.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GoogleAuthorizationConfiguration : IEntityTypeConfiguration<GoogleAuthorization>
{
    public void Configure(EntityTypeBuilder<GoogleAuthorization> authorization)
    {
        authorization.HasKey(a => a.StateHash);
        authorization.Property(a => a.StateHash).HasMaxLength(64);
        authorization.Ignore(a => a.VerifierPlace);
    }
}
