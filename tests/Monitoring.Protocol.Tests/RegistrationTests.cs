using Monitoring.Protocol.Bodies;

namespace Monitoring.Protocol.Tests;

/// <summary>0x0100 in the 2011, 2013 and 2019 layouts, as the sources assert.</summary>
public sealed class RegistrationTests
{
    static Registration Read(int row, out Jt808Message message)
    {
        var result = VectorDecodingTests.Decode(Vectors.Row(row), new byte[512], out message, out _);
        Assert.True(result.IsOk, result.ToString());
        Assert.True(Registration.TryRead(message, out var registration).IsOk);
        return registration;
    }

    [Theory]
    [InlineData(17, Jt808Version.V2013, 40, 50, "1234", "smallchi123", "CHI123", 1, "粤A12345")]
    [InlineData(18, Jt808Version.V2019, 40, 50, "1234", "smallchi123", "CHI123", 1, "粤A12345")]
    [InlineData(20, Jt808Version.V2011, 40, 50, "1234", "tk12345", "CHI123", 1, "粤A12345")]
    [InlineData(41, Jt808Version.V2011, 11, 2, "id123", "abcdefgh", "ID12345", 1, "甘J-123451")]
    [InlineData(42, Jt808Version.V2019, 11, 2, "id987654321", "type00123456781234567887654321", "ID0000123456781234567887654321", 1, "甘J-123459")]
    [InlineData(48, Jt808Version.V2011, 31, 115, "cd", "www.808.", "7654321", 1, "测A1234")]
    [InlineData(49, Jt808Version.V2013, 31, 115, "cd", "www.808.com", "7654321", 1, "测A1234")]
    [InlineData(50, Jt808Version.V2019, 31, 115, "cd", "www.808.com", "7654321", 1, "测A1234")]
    [InlineData(63, Jt808Version.V2013, 31, 115, "yzh", "www.jtt808.cn", "7654321", 1, "测A888888")]
    [InlineData(64, Jt808Version.V2019, 31, 115, "yzh", "www.jtt808.cn", "09876543210987654321", 1, "测A888888")]
    public void Fields_match_the_source(int row, Jt808Version layout, int province, int city, string maker, string model, string terminalId, int color, string plate)
    {
        var r = Read(row, out _);
        Assert.Equal(layout, r.Layout);
        Assert.Equal(province, r.ProvinceId);
        Assert.Equal(city, r.CityId);
        Assert.Equal(maker, r.GetManufacturer());
        Assert.Equal(model, r.GetModel());
        Assert.Equal(terminalId, r.GetTerminalId());
        Assert.Equal(color, r.PlateColor);
        Assert.Equal(plate, r.GetPlate());
    }

    [Fact]
    public void Row_19_ascii_zero_padding_is_kept_raw_and_trims_to_the_asserted_values()
    {
        var r = Read(19, out var message);
        Assert.Equal("00000000022222222222", message.Header.Phone.ToString());
        Assert.Equal(0, r.ProvinceId);
        Assert.Equal(0, r.CityId);
        Assert.Equal(2, r.PlateColor);
        Assert.Equal("粤A12346", r.GetPlate());
        Assert.Equal("Koike002", r.GetManufacturer().TrimStart('0'));
        Assert.Equal("Koike002", r.GetModel().TrimStart('0'));
        Assert.Equal("Koike002", r.GetTerminalId().TrimStart('0'));
    }

    [Fact]
    public void A_2013_registration_with_an_empty_plate_is_not_mistaken_for_2011()
    {
        Span<byte> body = stackalloc byte[64];
        int length = Registration.Write(body, Jt808Version.V2013, 43, 1200, "70111", "HX-900", "T000001", 0, "");
        Assert.Equal(37, length);
        Assert.True(Registration.TryRead(body[..length], Jt808Version.V2013, out var r).IsOk);
        Assert.Equal(Jt808Version.V2013, r.Layout);
        Assert.Equal("T000001", r.GetTerminalId());
    }

    [Fact]
    public void A_2011_registration_with_a_long_vin_is_not_mistaken_for_2013()
    {
        Span<byte> body = stackalloc byte[64];
        int length = Registration.Write(body, Jt808Version.V2011, 43, 1200, "70111", "HX900", "T000001", 0, "LZYTBTE69H1234567");
        Assert.True(length > 37);
        Assert.True(Registration.TryRead(body[..length], Jt808Version.V2013, out var r).IsOk);
        Assert.Equal(Jt808Version.V2011, r.Layout);
        Assert.Equal("LZYTBTE69H1234567", r.GetPlate());
    }

    [Fact]
    public void A_body_shorter_than_any_layout_is_truncated() =>
        Assert.Equal(Jt808Status.Truncated, Registration.TryRead(new byte[20], Jt808Version.V2013, out _).Status);
}
