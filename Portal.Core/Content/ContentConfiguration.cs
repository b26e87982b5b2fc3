using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Bookings;
using Portal.Core.Clients;

namespace Portal.Core.Content;

internal sealed class ContentItemConfiguration : IEntityTypeConfiguration<ContentItem>
{
    public void Configure(EntityTypeBuilder<ContentItem> item)
    {
        item.HasKey(i => i.Id);
        item.Property(i => i.Title).HasMaxLength(ContentItem.MaxTitleLength);
        item.Property(i => i.Description).HasMaxLength(ContentItem.MaxDescriptionLength);
        item.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        item.Property(i => i.FileName).HasMaxLength(ContentItem.MaxFileNameLength);
        item.Property(i => i.MediaType).HasMaxLength(100);
        item.Property(i => i.Url).HasMaxLength(ContentItem.MaxUrlLength);
        item.HasIndex(i => i.CreatedAt);
        item.Ignore(i => i.IsFile);
    }
}

internal sealed class ContentChunkConfiguration : IEntityTypeConfiguration<ContentChunk>
{
    public void Configure(EntityTypeBuilder<ContentChunk> chunk)
    {
        chunk.HasKey(c => new { c.ItemId, c.Index });
        chunk.HasOne<ContentItem>().WithMany().HasForeignKey(c => c.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContentShareConfiguration : IEntityTypeConfiguration<ContentShare>
{
    public void Configure(EntityTypeBuilder<ContentShare> share)
    {
        share.HasKey(s => s.Id);
        share.HasIndex(s => new { s.ItemId, s.ClientId }).IsUnique();
        share.HasIndex(s => new { s.ClientId, s.SharedAt });
        share.HasOne<ContentItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Cascade);
        share.HasOne<Client>().WithMany().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Cascade);
        share.HasOne<Booking>().WithMany().HasForeignKey(s => s.BookingId).OnDelete(DeleteBehavior.SetNull);
        share.Ignore(s => s.SealingPlace);
    }
}
