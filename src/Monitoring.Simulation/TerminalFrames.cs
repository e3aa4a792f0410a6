using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;

namespace Monitoring.Simulation;

/// <summary>Builds the frames one simulated terminal sends, with its own serial counter and header version.</summary>
sealed class TerminalFrames(FleetVehicle vehicle)
{
    readonly byte[] _body = new byte[Jt808Header.MaxBodyLength];
    readonly byte[] _frame = new byte[Jt808FrameWriter.MaxFrameLength];
    ushort _serial;

    /// <summary>Items every location carries: odometer (0.1 km), signal strength, satellites.</summary>
    public static int WriteItems(Span<byte> destination, uint odometer, byte satellites)
    {
        var writer = new BodyWriter(destination);
        writer.WriteByte(AdditionalItemIds.Odometer);
        writer.WriteByte(4);
        writer.WriteUInt32(odometer);
        writer.WriteByte(AdditionalItemIds.SignalStrength);
        writer.WriteByte(1);
        writer.WriteByte(25);
        writer.WriteByte(AdditionalItemIds.Satellites);
        writer.WriteByte(1);
        writer.WriteByte(satellites);
        return writer.Written;
    }

    public byte[] Location(in LocationBasic basic, uint odometer)
    {
        Span<byte> items = stackalloc byte[16];
        int itemLength = WriteItems(items, odometer, 12);
        int length = LocationReport.Write(_body, basic, items[..itemLength]);
        return Frame(MessageIds.LocationReport, length);
    }

    public byte[] Heartbeat() => Frame(MessageIds.Heartbeat, 0);

    public byte[] Authentication() =>
        Frame(MessageIds.Authentication, Protocol.Bodies.Authentication.Write(_body, vehicle.ProtocolVersion, "AUTH" + vehicle.Id, "86" + vehicle.Phone.ToString().PadLeft(13, '0')[^13..], "SIM-1.0"));

    /// <summary>0x0704 blind-area back-fills of <paramref name="fixes"/>, as many frames as needed (each under 1023 body bytes).</summary>
    public byte[] Backfill(IReadOnlyList<(LocationBasic Basic, uint Odometer)> fixes)
    {
        var frames = new List<byte>();
        Span<byte> items = stackalloc byte[16];
        int index = 0;
        while (index < fixes.Count)
        {
            int count = Math.Min(20, fixes.Count - index);
            int length = LocationBatch.WriteHeader(_body, (ushort)count, LocationBatch.BlindAreaBackfill);
            for (int i = 0; i < count; i++)
            {
                var (basic, odometer) = fixes[index + i];
                int itemLength = WriteItems(items, odometer, 10);
                length += LocationBatch.WriteItem(_body.AsSpan(length), basic, items[..itemLength]);
            }

            frames.AddRange(Frame(MessageIds.LocationBatch, length));
            index += count;
        }

        return [.. frames];
    }

    byte[] Frame(ushort messageId, int bodyLength)
    {
        var header = Jt808FrameWriter.Header(messageId, vehicle.Phone, _serial++, vehicle.ProtocolVersion);
        int written = Jt808FrameWriter.Write(_frame, header, _body.AsSpan(0, bodyLength));
        return _frame[..written];
    }
}
