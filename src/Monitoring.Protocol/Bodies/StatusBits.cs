namespace Monitoring.Protocol.Bodies;

/// <summary>Status word bits of 0x0200 (§7.2) that the platform reads.</summary>
public static class StatusBits
{
    public const uint AccOn = 1u << 0;
    public const uint Positioned = 1u << 1;
    public const uint SouthLatitude = 1u << 2;
    public const uint WestLongitude = 1u << 3;
    public const uint OutOfService = 1u << 4;
    public const uint Encrypted = 1u << 5;
    public const uint Gps = 1u << 18;
    public const uint BeiDou = 1u << 19;

    /// <summary>2019: vehicle moving.</summary>
    public const uint Moving2019 = 1u << 22;
}
