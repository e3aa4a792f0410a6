using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Monitoring.Protocol.Bodies;

/// <summary>
/// The standard additional items of a location (§7.3) decoded into values, in one pass and without allocating.
/// An id whose length is not the standard's is left to the raw items (vendors reuse ids, JT808.md §12).
/// </summary>
public struct StandardItems
{
    /// <summary>0x01, 0.1 km.</summary>
    public uint? Odometer;

    /// <summary>0x02, 0.1 L.</summary>
    public ushort? Fuel;

    /// <summary>0x03, 0.1 km/h, from the driving recorder.</summary>
    public ushort? RecorderSpeed;

    /// <summary>0x04, id of an alarm event that needs manual confirmation.</summary>
    public ushort? AlarmEventId;

    /// <summary>0x05 (2019), one byte per wheel; <see cref="TyreCount"/> bytes are used (unused wheels 0xFF).</summary>
    public TyrePressures TyrePressure;

    public int TyreCount;

    /// <summary>0x06 (2019), °C, decoded from sign-magnitude.</summary>
    public short? CarriageTemperature;

    /// <summary>0x11: location type (0 none, 1 circle, 2 rectangle, 3 polygon, 4 road segment) and area id.</summary>
    public byte? OverspeedAreaType;

    public uint OverspeedAreaId;

    /// <summary>0x12: area type, id and direction (0 in, 1 out).</summary>
    public byte? AreaInOutType;

    public uint AreaInOutId;

    public byte AreaInOutDirection;

    /// <summary>0x13: route segment id, driving time in seconds, result (0 too short, 1 too long).</summary>
    public uint? RouteSegmentId;

    public ushort RouteDrivingSeconds;

    public byte RouteResult;

    /// <summary>0x25 extended vehicle signals.</summary>
    public uint? VehicleSignals;

    /// <summary>0x2A IO status.</summary>
    public ushort? IoStatus;

    /// <summary>0x2B raw DWORD: bits 0-15 AD0, bits 16-31 AD1 (so the first WORD on the wire is AD1).</summary>
    public uint? Analog;

    /// <summary>0x30 wireless signal strength.</summary>
    public byte? SignalStrength;

    /// <summary>0x31 GNSS satellites used.</summary>
    public byte? Satellites;

    public readonly ushort? AnalogAd0 => Analog is uint a ? (ushort)a : null;

    public readonly ushort? AnalogAd1 => Analog is uint a ? (ushort)(a >> 16) : null;

    public static StandardItems Read(in LocationReport report)
    {
        var result = default(StandardItems);
        foreach (var item in report.Items)
        {
            result.Apply(item);
        }

        return result;
    }

    void Apply(AdditionalItem item)
    {
        var v = item.Value;
        switch (item.Id)
        {
            case AdditionalItemIds.Odometer when v.Length == 4:
                Odometer = BinaryPrimitives.ReadUInt32BigEndian(v);
                break;
            case AdditionalItemIds.Fuel when v.Length == 2:
                Fuel = BinaryPrimitives.ReadUInt16BigEndian(v);
                break;
            case AdditionalItemIds.RecorderSpeed when v.Length == 2:
                RecorderSpeed = BinaryPrimitives.ReadUInt16BigEndian(v);
                break;
            case AdditionalItemIds.AlarmEventId when v.Length == 2:
                AlarmEventId = BinaryPrimitives.ReadUInt16BigEndian(v);
                break;
            case AdditionalItemIds.TyrePressure when v.Length == TyrePressures.Capacity:
                v.CopyTo(TyrePressure);
                TyreCount = v.Length;
                break;
            case AdditionalItemIds.CarriageTemperature when v.Length == 2:
                ushort raw = BinaryPrimitives.ReadUInt16BigEndian(v);
                short magnitude = (short)(raw & 0x7FFF);
                CarriageTemperature = (raw & 0x8000) != 0 ? (short)-magnitude : magnitude;
                break;
            case AdditionalItemIds.OverspeedArea when v.Length is 1 or 5:
                OverspeedAreaType = v[0];
                OverspeedAreaId = v.Length == 5 ? BinaryPrimitives.ReadUInt32BigEndian(v[1..]) : 0;
                break;
            case AdditionalItemIds.AreaInOut when v.Length == 6:
                AreaInOutType = v[0];
                AreaInOutId = BinaryPrimitives.ReadUInt32BigEndian(v[1..]);
                AreaInOutDirection = v[5];
                break;
            case AdditionalItemIds.RouteDrivingTime when v.Length == 7:
                RouteSegmentId = BinaryPrimitives.ReadUInt32BigEndian(v);
                RouteDrivingSeconds = BinaryPrimitives.ReadUInt16BigEndian(v[4..]);
                RouteResult = v[6];
                break;
            case AdditionalItemIds.VehicleSignals when v.Length == 4:
                VehicleSignals = BinaryPrimitives.ReadUInt32BigEndian(v);
                break;
            case AdditionalItemIds.IoStatus when v.Length == 2:
                IoStatus = BinaryPrimitives.ReadUInt16BigEndian(v);
                break;
            case AdditionalItemIds.Analog when v.Length == 4:
                Analog = BinaryPrimitives.ReadUInt32BigEndian(v);
                break;
            case AdditionalItemIds.SignalStrength when v.Length == 1:
                SignalStrength = v[0];
                break;
            case AdditionalItemIds.Satellites when v.Length == 1:
                Satellites = v[0];
                break;
            default:
                break;
        }
    }
}

/// <summary>Storage for the 30 tyre-pressure bytes of item 0x05, inline so that decoding does not allocate.</summary>
[InlineArray(Capacity)]
public struct TyrePressures
{
    public const int Capacity = 30;

    byte _element0;
}
