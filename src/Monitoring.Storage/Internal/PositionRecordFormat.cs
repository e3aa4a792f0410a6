using System.Buffers.Binary;
using System.Numerics;

namespace Monitoring.Storage.Internal;

/// <summary>
/// The spool's binary layout. A record is <c>magic u32 | payload length u32 | CRC-32C u32 | payload</c>, the payload
/// being fixed-size little-endian rows. The CRC (hardware CRC-32C) detects torn or damaged records.
/// </summary>
static class PositionRecordFormat
{
    public const uint Magic = 0x314C5053; // "SPL1"
    public const int HeaderSize = 12;
    public const int RowSize = 64;

    public static int RecordSize(int rows) => HeaderSize + rows * RowSize;

    public static void Write(ReadOnlySpan<StoredPosition> rows, Span<byte> destination)
    {
        var payload = destination.Slice(HeaderSize, rows.Length * RowSize);
        for (int i = 0; i < rows.Length; i++)
        {
            WriteRow(rows[i], payload.Slice(i * RowSize, RowSize));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Crc32C(payload));
    }

    public static void ReadRows(ReadOnlySpan<byte> payload, Span<StoredPosition> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadRow(payload.Slice(i * RowSize, RowSize));
        }
    }

    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    static void WriteRow(in StoredPosition p, Span<byte> row)
    {
        BinaryPrimitives.WriteInt64LittleEndian(row, p.VehicleId);
        BinaryPrimitives.WriteInt64LittleEndian(row[8..], p.DeviceTime.Ticks);
        BinaryPrimitives.WriteInt64LittleEndian(row[16..], p.ReceivedAt.Ticks);
        BinaryPrimitives.WriteInt64LittleEndian(row[24..], p.OdometerHm);
        BinaryPrimitives.WriteInt32LittleEndian(row[32..], p.Serial);
        BinaryPrimitives.WriteInt32LittleEndian(row[36..], p.LatitudeE6);
        BinaryPrimitives.WriteInt32LittleEndian(row[40..], p.LongitudeE6);
        BinaryPrimitives.WriteInt32LittleEndian(row[44..], p.SpeedDkmh);
        BinaryPrimitives.WriteInt32LittleEndian(row[48..], p.Direction);
        BinaryPrimitives.WriteUInt32LittleEndian(row[52..], p.Alarm);
        BinaryPrimitives.WriteUInt32LittleEndian(row[56..], p.Status);
        BinaryPrimitives.WriteInt16LittleEndian(row[60..], p.AltitudeM);
        BinaryPrimitives.WriteInt16LittleEndian(row[62..], (short)p.Source);
    }

    static StoredPosition ReadRow(ReadOnlySpan<byte> row) => new(
        BinaryPrimitives.ReadInt64LittleEndian(row),
        new DateTime(BinaryPrimitives.ReadInt64LittleEndian(row[8..]), DateTimeKind.Utc),
        BinaryPrimitives.ReadInt32LittleEndian(row[32..]),
        new DateTime(BinaryPrimitives.ReadInt64LittleEndian(row[16..]), DateTimeKind.Utc),
        BinaryPrimitives.ReadInt32LittleEndian(row[36..]),
        BinaryPrimitives.ReadInt32LittleEndian(row[40..]),
        BinaryPrimitives.ReadInt32LittleEndian(row[44..]),
        BinaryPrimitives.ReadInt32LittleEndian(row[48..]),
        BinaryPrimitives.ReadInt16LittleEndian(row[60..]),
        BinaryPrimitives.ReadUInt32LittleEndian(row[52..]),
        BinaryPrimitives.ReadUInt32LittleEndian(row[56..]),
        BinaryPrimitives.ReadInt64LittleEndian(row[24..]),
        (PositionSource)BinaryPrimitives.ReadInt16LittleEndian(row[62..]));
}
