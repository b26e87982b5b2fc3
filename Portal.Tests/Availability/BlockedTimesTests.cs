using Portal.Core.Availability;

namespace Portal.Tests.Availability;

public sealed class BlockedTimesTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_block_that_ends_after_it_starts_is_fine() =>
        Assert.Empty(BlockedTimes.Check(Noon, Noon.AddHours(2)));

    [Fact]
    public void A_block_across_an_offset_is_compared_as_instants() =>
        Assert.Empty(BlockedTimes.Check(Noon, new DateTimeOffset(2026, 3, 5, 13, 30, 0, TimeSpan.FromHours(1))));

    [Theory]
    [InlineData(0, "end")]
    [InlineData(-1, "end")]
    [InlineData(24 * 94, "end")]
    public void A_block_that_makes_no_sense_names_its_end(int hours, string field) =>
        Assert.Contains(field, BlockedTimes.Check(Noon, Noon.AddHours(hours)).Keys);

    [Fact]
    public void Missing_times_name_each_field()
    {
        var errors = BlockedTimes.Check(null, null);

        Assert.Contains("start", errors.Keys);
        Assert.Contains("end", errors.Keys);
    }
}
