using Monitoring.Protocol.Framing;

namespace Monitoring.Protocol.Tests;

public sealed class EscapingTests
{
    [Fact]
    public void The_standard_example_round_trips()
    {
        byte[] raw = [0x30, 0x7E, 0x08, 0x7D, 0x55];
        var escaped = new byte[10];
        int length = Escaping.Escape(raw, escaped);
        Assert.Equal(new byte[] { 0x30, 0x7D, 0x02, 0x08, 0x7D, 0x01, 0x55 }, escaped[..length]);
        Assert.Equal(length, Escaping.EscapedLength(raw));
        var back = new byte[length];
        Assert.True(Escaping.Unescape(escaped.AsSpan(0, length), back, out int written, out var quirks).IsOk);
        Assert.Equal(raw, back[..written]);
        Assert.Equal(Jt808Quirks.None, quirks);
    }

    [Fact]
    public void An_escape_followed_by_anything_else_is_bad_and_says_where()
    {
        var result = Escaping.Unescape([0x01, 0x02, 0x7D, 0x03, 0x04], new byte[5], out _, out _);
        Assert.Equal(Jt808Status.BadEscape, result.Status);
        Assert.Equal(2, result.Offset);
    }

    [Fact]
    public void Unescaped_length_is_known_without_unescaping()
    {
        byte[] escaped = [0x30, 0x7D, 0x02, 0x08, 0x7D, 0x01, 0x55, 0x7D];
        Assert.Equal(6, Escaping.UnescapedLength(escaped));
    }

    [Theory]
    [InlineData(23)]
    [InlineData(58)]
    [InlineData(169)]
    public void An_escaped_check_code_is_unescaped_before_checking(int row)
    {
        var result = VectorDecodingTests.Decode(Vectors.Row(row), new byte[256], out _, out _);
        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public void Checksum_matches_a_plain_xor_for_every_length()
    {
        var random = new Random(808);
        for (int length = 0; length < 200; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            byte expected = 0;
            foreach (byte b in data)
            {
                expected ^= b;
            }

            Assert.Equal(expected, Checksum.Compute(data));
        }
    }
}
