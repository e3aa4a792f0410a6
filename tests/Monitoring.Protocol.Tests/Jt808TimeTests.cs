namespace Monitoring.Protocol.Tests;

public sealed class Jt808TimeTests
{
    [Fact]
    public void Every_second_of_a_sample_of_days_matches_the_framework_calendar()
    {
        var random = new Random(8);
        for (int i = 0; i < 20_000; i++)
        {
            var expected = new DateTime(2000, 1, 1).AddSeconds(random.NextInt64(0, 100L * 365 * 86400));
            var time = Jt808Time.FromDateTime(expected);
            Assert.True(time.TryGetDateTime(out var actual));
            Assert.Equal(expected, actual);
            Assert.True(time.TryGetUnixSeconds(8 * 3600, out long unix));
            Assert.Equal(new DateTimeOffset(expected, TimeSpan.FromHours(8)).ToUnixTimeSeconds(), unix);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x26, 0x13, 0x01, 0x10, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x2A, 0x01, 0x01, 0x10, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x25, 0x02, 0x29, 0x10, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x26, 0x04, 0x31, 0x10, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x26, 0x00, 0x10, 0x10, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x26, 0x01, 0x00, 0x10, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x26, 0x01, 0x01, 0x24, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x26, 0x01, 0x01, 0x23, 0x60, 0x00 })]
    [InlineData(new byte[] { 0x26, 0x01, 0x01, 0x23, 0x59, 0x5F })]
    public void Invalid_bcd_times_are_reported_not_thrown(byte[] bcd)
    {
        var time = Jt808Time.Read(bcd);
        Assert.False(time.TryGetDateTime(out _));
        Assert.False(time.TryGetUnixSeconds(0, out _));
        Assert.StartsWith("invalid BCD", time.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_leap_day_of_a_leap_year_is_valid() =>
        Assert.True(Jt808Time.Read([0x24, 0x02, 0x29, 0x23, 0x59, 0x59]).IsValid);
}
