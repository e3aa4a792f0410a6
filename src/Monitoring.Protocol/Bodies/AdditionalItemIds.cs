namespace Monitoring.Protocol.Bodies;

/// <summary>Standard additional item ids (§7.3) and their names as the command line prints them.</summary>
public static class AdditionalItemIds
{
    public const byte Odometer = 0x01;
    public const byte Fuel = 0x02;
    public const byte RecorderSpeed = 0x03;
    public const byte AlarmEventId = 0x04;
    public const byte TyrePressure = 0x05;
    public const byte CarriageTemperature = 0x06;
    public const byte OverspeedArea = 0x11;
    public const byte AreaInOut = 0x12;
    public const byte RouteDrivingTime = 0x13;
    public const byte VehicleSignals = 0x25;
    public const byte IoStatus = 0x2A;
    public const byte Analog = 0x2B;
    public const byte SignalStrength = 0x30;
    public const byte Satellites = 0x31;

    public static string? Name(byte id) => id switch
    {
        Odometer => "odometer",
        Fuel => "fuel",
        RecorderSpeed => "recorderSpeed",
        AlarmEventId => "alarmEventId",
        TyrePressure => "tyrePressure",
        CarriageTemperature => "carriageTemperature",
        OverspeedArea => "overspeedArea",
        AreaInOut => "areaInOut",
        RouteDrivingTime => "routeDrivingTime",
        VehicleSignals => "vehicleSignals",
        IoStatus => "ioStatus",
        Analog => "analog",
        SignalStrength => "signalStrength",
        Satellites => "satellites",
        _ => null,
    };
}
