using Monitoring.Protocol.Bodies;

namespace Monitoring.Protocol.Tests;

/// <summary>0x0200 values as the sources assert them.</summary>
public sealed class LocationReportTests
{
    static LocationReport Read(int row, byte[] scratch, out Jt808Message message)
    {
        var result = VectorDecodingTests.Decode(Vectors.Row(row), scratch, out message, out _, verifyChecksum: false);
        Assert.True(result.IsOk, result.ToString());
        Assert.True(LocationReport.TryRead(message, out var report).IsOk);
        return report;
    }

    [Fact]
    public void Row_4_has_every_standard_2013_item_with_the_asserted_values()
    {
        var report = Read(4, new byte[256], out var message);
        Assert.Equal(8888, message.Header.Serial);
        Assert.Equal("112233445566", message.Header.Phone.ToString());
        var b = report.Basic;
        Assert.Equal(1u, b.Alarm);
        Assert.Equal(2u, b.Status);
        Assert.Equal(40, b.Altitude);
        Assert.Equal(12222222, b.LatitudeMicrodegrees);
        Assert.Equal(132444444, b.LongitudeMicrodegrees);
        Assert.Equal(60, b.Speed);
        Assert.Equal(0, b.Direction);
        Assert.True(b.Time.TryGetDateTime(out var t));
        Assert.Equal(new DateTime(2018, 7, 15, 10, 10, 10), t);

        var items = StandardItems.Read(report);
        Assert.Equal(100u, items.Odometer);
        Assert.Equal((ushort)55, items.Fuel);
        Assert.Equal((ushort)56, items.RecorderSpeed);
        Assert.Equal((ushort)1, items.AlarmEventId);
        Assert.Equal((byte)1, items.OverspeedAreaType);
        Assert.Equal(1u, items.OverspeedAreaId);
        Assert.Equal((byte)1, items.AreaInOutType);
        Assert.Equal(1u, items.AreaInOutId);
        Assert.Equal(1, items.AreaInOutDirection);
        Assert.Equal(2u, items.RouteSegmentId);
        Assert.Equal(34, items.RouteDrivingSeconds);
        Assert.Equal(1, items.RouteResult);
        Assert.Equal(23u, items.VehicleSignals);
        Assert.Equal((ushort)244, items.IoStatus);
        Assert.Equal(0xF2u, items.Analog);
        Assert.Equal((ushort)242, items.AnalogAd0);
        Assert.Equal((ushort)0, items.AnalogAd1);
        Assert.Equal((byte)2, items.SignalStrength);
        Assert.Equal((byte)5, items.Satellites);
        Assert.Equal(12, report.ItemCount);
        Assert.True(report.Trailing.IsEmpty);
    }

    [Fact]
    public void Row_1_escaped_serial_and_fuel_are_unescaped()
    {
        var report = Read(1, new byte[256], out var message);
        Assert.Equal(126, message.Header.Serial);
        var items = StandardItems.Read(report);
        Assert.Equal(100u, items.Odometer);
        Assert.Equal((ushort)125, items.Fuel);
    }

    [Fact]
    public void Row_38_2019_location_has_the_asserted_bits_and_items()
    {
        var report = Read(38, new byte[256], out var message);
        Assert.Equal(Jt808Version.V2019, message.Header.Version);
        Assert.Equal("00000000013912344321", message.Header.Phone.ToString());
        var b = report.Basic;
        Assert.Equal((1u << 20) | (1u << 21), b.Alarm);
        Assert.Equal(1u | (1u << 22), b.Status);
        Assert.Equal(120127920, b.LongitudeMicrodegrees);
        Assert.Equal(30228930, b.LatitudeMicrodegrees);
        Assert.Equal(2345, b.Altitude);
        Assert.Equal(666, b.Speed);
        Assert.Equal(90, b.Direction);
        Assert.Equal(new DateTimeOffset(2023, 4, 28, 21, 31, 41, TimeSpan.FromHours(8)), b.Time.TryGetInstant(Jt808Time.Gmt8, out var instant) ? instant : default);
        var items = StandardItems.Read(report);
        Assert.Equal(667u, items.Odometer);
        Assert.Equal((ushort)67, items.Fuel);
        Assert.Equal((ushort)777, items.RecorderSpeed);
        Assert.Equal((byte)99, items.SignalStrength);
        Assert.Equal(4, report.ItemCount);
    }

    [Fact]
    public void Row_68_2019_items_tyres_and_sign_magnitude_temperature()
    {
        var report = Read(68, new byte[256], out _);
        var items = StandardItems.Read(report);
        Assert.Equal(11u, items.Odometer);
        Assert.Equal((ushort)22, items.Fuel);
        Assert.Equal((ushort)33, items.RecorderSpeed);
        Assert.Equal((ushort)44, items.AlarmEventId);
        Assert.Equal(30, items.TyreCount);
        Assert.Equal(55, items.TyrePressure[0]);
        Assert.Equal(55, items.TyrePressure[2]);
        Assert.Equal(0, items.TyrePressure[3]);
        Assert.Equal((short)2, items.CarriageTemperature);
        Assert.Equal((byte)66, items.OverspeedAreaType);
        Assert.Equal(66u, items.OverspeedAreaId);
        Assert.Equal((byte)77, items.AreaInOutType);
        Assert.Equal(77, items.AreaInOutDirection);
        Assert.Equal(88u, items.RouteSegmentId);
        Assert.Equal(88, items.RouteDrivingSeconds);
        Assert.Equal(88, items.RouteResult);
        Assert.Equal(99u, items.VehicleSignals);
        Assert.Equal((ushort)10, items.IoStatus);
        Assert.Equal(20u, items.Analog);
        Assert.Equal((byte)30, items.SignalStrength);
        Assert.Equal((byte)40, items.Satellites);
    }

    [Fact]
    public void Negative_carriage_temperature_is_sign_magnitude()
    {
        Span<byte> body = stackalloc byte[LocationBasic.Length + 4];
        var basic = LocationBasic.Create(0, StatusBits.Positioned, 30, 110, 0, 50, 0, Jt808Time.FromDateTime(new DateTime(2026, 1, 1)));
        LocationReport.Write(body, basic, [AdditionalItemIds.CarriageTemperature, 2, 0x80, 0x0F]);
        Assert.True(LocationReport.TryRead(body, out var report).IsOk);
        Assert.Equal((short)-15, StandardItems.Read(report).CarriageTemperature);
    }

    [Fact]
    public void Row_39_vendor_item_after_standard_ones_is_kept_raw()
    {
        var report = Read(39, new byte[512], out _);
        var items = StandardItems.Read(report);
        Assert.Equal((short)30, items.CarriageTemperature);
        Assert.Equal((byte)0, items.OverspeedAreaType);
        bool sawAdas = false;
        foreach (var item in report.Items)
        {
            if (item.Id == 0x64)
            {
                sawAdas = true;
                Assert.Equal(47, item.Value.Length);
            }
        }

        Assert.True(sawAdas);
    }

    [Fact]
    public void Row_12_vendor_0x2B_of_length_8_is_not_read_as_analog()
    {
        var report = Read(12, new byte[512], out _);
        var items = StandardItems.Read(report);
        Assert.Null(items.Analog);
        Assert.Equal((ushort)0, items.Fuel);
    }

    [Fact]
    public void Row_5_item_running_past_the_body_is_kept_as_trailing_bytes()
    {
        var report = Read(5, new byte[512], out _);
        Assert.Equal(Jt808Quirks.ItemOverrun, report.Quirks);
        Assert.Equal(new byte[] { 0xFB, 0x02, 0x00 }, report.Trailing.ToArray());
    }

    [Fact]
    public void Southern_and_western_hemispheres_come_from_the_status_bits()
    {
        Span<byte> body = stackalloc byte[LocationBasic.Length];
        var basic = LocationBasic.Create(0, StatusBits.Positioned, -33.868820, -151.209295, -12, 88.4, 270, Jt808Time.FromDateTime(new DateTime(2026, 3, 2, 10, 0, 0)));
        basic.Write(body);
        Assert.True(LocationBasic.TryRead(body, out var read));
        Assert.Equal(-33868820, read.LatitudeMicrodegrees);
        Assert.Equal(-151209295, read.LongitudeMicrodegrees);
        Assert.Equal(-12, read.Altitude);
        Assert.Equal(884, read.Speed);
        Assert.Equal(StatusBits.Positioned | StatusBits.SouthLatitude | StatusBits.WestLongitude, read.Status);
    }

    [Fact]
    public void A_twos_complement_latitude_with_the_south_bit_is_not_negated_twice()
    {
        Span<byte> body = stackalloc byte[LocationBasic.Length];
        new LocationBasic(0, StatusBits.SouthLatitude, unchecked((uint)-22_000_000), 113_000_000, 0, 0, 0, default).Write(body);
        Assert.True(LocationBasic.TryRead(body, out var read));
        Assert.Equal(-22_000_000, read.LatitudeMicrodegrees);
    }

    [Fact]
    public void A_body_shorter_than_the_basic_block_is_truncated()
    {
        var result = LocationReport.TryRead(new byte[27], out _);
        Assert.Equal(Jt808Status.Truncated, result.Status);
        Assert.Equal(27, result.Offset);
    }
}
