namespace Monitoring.Protocol;

/// <summary>Message ids used by the platform (JT808.md §8).</summary>
public static class MessageIds
{
    public const ushort TerminalGeneralResponse = 0x0001;
    public const ushort Heartbeat = 0x0002;
    public const ushort Logout = 0x0003;
    public const ushort Registration = 0x0100;
    public const ushort Authentication = 0x0102;
    public const ushort ParameterAnswer = 0x0104;
    public const ushort LocationReport = 0x0200;
    public const ushort LocationQueryAnswer = 0x0201;
    public const ushort LocationBatch = 0x0704;
    public const ushort MultimediaUpload = 0x0801;

    public const ushort PlatformGeneralResponse = 0x8001;
    public const ushort ResendRequest = 0x8003;
    public const ushort ServerTime = 0x8004;
    public const ushort RegistrationResponse = 0x8100;
    public const ushort SetParameters = 0x8103;
    public const ushort AlarmConfirmation = 0x8203;
    public const ushort TextMessage = 0x8300;

    /// <summary>"0x0200" style, as the command line and logs print ids.</summary>
    public static string Format(ushort id) => "0x" + id.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
}
