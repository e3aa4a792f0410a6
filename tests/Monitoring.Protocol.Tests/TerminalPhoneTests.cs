namespace Monitoring.Protocol.Tests;

public sealed class TerminalPhoneTests
{
    [Theory]
    [InlineData("013912344321", 6)]
    [InlineData("12345678901234567890", 10)]
    [InlineData("00000000013912344321", 10)]
    public void Digits_round_trip_through_bcd(string digits, int width)
    {
        var phone = TerminalPhone.Parse(digits, width);
        var bcd = new byte[width];
        phone.Write(bcd, width);
        var read = TerminalPhone.Read(bcd);
        Assert.Equal(digits, read.ToString());
        Assert.True(read.IsDecimal);
    }

    [Fact]
    public void Non_digit_nibbles_survive_and_are_flagged()
    {
        var phone = TerminalPhone.Read([0x4E, 0xB6, 0xFB, 0x4A, 0x01, 0x23]);
        Assert.Equal("4EB6FB4A0123", phone.ToString());
        Assert.False(phone.IsDecimal);
    }

    [Fact]
    public void The_same_number_in_2013_and_2019_widths_is_the_same_terminal()
    {
        var narrow = TerminalPhone.Parse("013912344321", 6);
        var wide = TerminalPhone.Parse("00000000013912344321", 10);
        Assert.Equal(narrow, wide);
        Assert.Equal(narrow.GetHashCode(), wide.GetHashCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345678901234567890123")]
    [InlineData("01391234432G")]
    public void Bad_digits_do_not_parse(string digits) => Assert.False(TerminalPhone.TryParse(digits, 10, out _));
}
