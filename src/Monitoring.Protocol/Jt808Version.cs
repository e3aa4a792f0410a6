namespace Monitoring.Protocol;

/// <summary>Revision of JT/T 808 a frame follows (§9).</summary>
public enum Jt808Version : byte
{
    /// <summary>2011 and 2013 share the header; only some bodies (0x0100) tell them apart.</summary>
    V2013 = 0,
    V2011 = 1,
    V2019 = 2,
}

public static class Jt808VersionExtensions
{
    public static int Year(this Jt808Version version) => version switch
    {
        Jt808Version.V2011 => 2011,
        Jt808Version.V2019 => 2019,
        _ => 2013,
    };
}
