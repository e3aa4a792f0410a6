using Monitoring.Protocol.Bodies;

namespace Monitoring.Storage.Tests.Infrastructure;

/// <summary>Hand-made positions for the tests.</summary>
static class Fixes
{
    /// <summary>Valid fix with ACC on (status bits 0 and 1).</summary>
    public const uint Moving = StatusBits.AccOn | StatusBits.Positioned;

    public static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);

    /// <summary>A wall-clock time in Asia/Shanghai (+08:00) as UTC.</summary>
    public static DateTime Beijing(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        Utc(year, month, day, hour, minute, second).AddHours(-8);

    public static StoredPosition At(long vehicle, DateTime deviceTime, int serial, double lat = 30.0, double lon = 104.0,
        int speedDkmh = 600, uint status = Moving, DateTime? receivedAt = null, int direction = 90, short altitude = 500,
        uint alarm = 0, long odometer = StoredPosition.NoOdometer) =>
        new(vehicle, deviceTime, serial, receivedAt ?? deviceTime.AddSeconds(2), (int)Math.Round(lat * 1e6), (int)Math.Round(lon * 1e6),
            speedDkmh, direction, altitude, alarm, status, odometer);

    /// <summary><paramref name="count"/> fixes of one vehicle, <paramref name="step"/> apart, serials from <paramref name="firstSerial"/>.</summary>
    public static StoredPosition[] Run(long vehicle, DateTime start, int count, TimeSpan step, int firstSerial = 0)
    {
        var rows = new StoredPosition[count];
        for (int i = 0; i < count; i++)
        {
            rows[i] = At(vehicle, start + i * step, firstSerial + i, lat: 30.0 + i * 1e-5);
        }

        return rows;
    }
}
