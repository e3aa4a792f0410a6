using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;
using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

public sealed class StoredPositionTests
{
    [Fact]
    public void A_decoded_fix_becomes_a_row_with_the_device_time_read_as_GMT8()
    {
        var basic = LocationBasic.Create(0x80000001, StatusBits.AccOn | StatusBits.Positioned, -22.601623, 113.860715, 44, 72.5, 171,
            Jt808Time.FromDateTime(new DateTime(2025, 4, 17, 17, 0, 23)));
        var received = Fixes.Utc(2025, 4, 17, 9, 0, 25);

        Assert.True(StoredPosition.TryCreate(42, 412, basic, received, 3155, PositionSource.Backfill, out var p));

        Assert.Equal(Fixes.Utc(2025, 4, 17, 9, 0, 23), p.DeviceTime);
        Assert.Equal(DateTimeKind.Utc, p.DeviceTime.Kind);
        Assert.Equal((42L, 412, -22_601_623, 113_860_715, 725, 171, (short)44, 0x80000001u, 3155L, PositionSource.Backfill),
            (p.VehicleId, p.Serial, p.LatitudeE6, p.LongitudeE6, p.SpeedDkmh, p.Direction, p.AltitudeM, p.Alarm, p.OdometerHm, p.Source));
        Assert.Equal(basic.Status, p.Status);
    }

    [Fact]
    public void A_fix_whose_time_is_not_a_date_is_not_a_row()
    {
        var basic = new LocationBasic(0, StatusBits.Positioned, 30_000_000, 104_000_000, 0, 0, 0, Jt808Time.Read([0x25, 0x13, 0x45, 0x00, 0x00, 0x00]));

        Assert.False(StoredPosition.TryCreate(1, 1, basic, Fixes.Utc(2025, 1, 1), StoredPosition.NoOdometer, PositionSource.Report, out _));
    }

    [Fact]
    public void Local_times_are_refused() =>
        Assert.Throws<ArgumentException>(() => new StoredPosition(1, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local), 1, Fixes.Utc(2026, 1, 1), 0, 0, 0, 0, 0, 0, 0));
}
