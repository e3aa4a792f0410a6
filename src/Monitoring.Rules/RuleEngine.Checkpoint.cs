using System.Buffers.Binary;
using System.Numerics;
using Monitoring.Rules.Internal;

namespace Monitoring.Rules;

// Save/restore of per-vehicle state as bytes, for checkpoints. Little-endian, versioned.
public sealed partial class RuleEngine
{
    /// <summary>Format version of <see cref="SaveVehicle"/>; restore refuses other versions.</summary>
    public const byte StateVersion = 1;

    /// <summary>Upper bound of one vehicle's saved state; size buffers for <see cref="SaveVehicle"/> with it.</summary>
    public const int MaxVehicleStateBytes = 4096;

    const uint EngineMagic = 0x314C5552; // "RUL1"

    /// <summary>Writes one vehicle's state (reorder buffer, episodes, counters) and returns the bytes written.</summary>
    public int SaveVehicle(int vehicle, Span<byte> destination)
    {
        ref readonly var s = ref _states[vehicle];
        var w = new StateWriter(destination);
        w.Byte(StateVersion);
        s.Write(ref w);
        _backfill[vehicle].Write(ref w);
        var pending = _pending.AsSpan(vehicle * PendingCapacity, PendingCapacity);
        for (var i = 0; i < s.PendingCount; i++)
        {
            ref readonly var fix = ref pending[(s.PendingHead + i) & PendingMask];
            w.Int64(fix.Time);
            w.Int32(fix.LatitudeE6);
            w.Int32(fix.LongitudeE6);
            w.Int32(fix.Speed10);
            w.UInt32(fix.Alarms);
            w.UInt16(fix.Direction);
            w.Byte((byte)((fix.AccOn ? 1 : 0) | (fix.GnssValid ? 2 : 0)));
        }
        foreach (ref readonly var gap in _gaps.AsSpan(vehicle * GapSlots, GapSlots))
        {
            gap.Write(ref w);
        }
        var hasBuckets = s.CumulativeHead != Time.None;
        w.Bool(hasBuckets);
        if (hasBuckets)
        {
            foreach (var bucket in _buckets.AsSpan(vehicle * BucketCount, BucketCount))
            {
                w.UInt16(bucket);
            }
        }
        WriteAlarmStarts(ref w, vehicle, 0, s.Live.AlarmBits);
        WriteAlarmStarts(ref w, vehicle, BackfillAlarmSlot, _backfill[vehicle].AlarmBits);
        return w.Written;
    }

    public byte[] SaveVehicle(int vehicle)
    {
        Span<byte> buffer = stackalloc byte[MaxVehicleStateBytes];
        return buffer[..SaveVehicle(vehicle, buffer)].ToArray();
    }

    /// <summary>Replaces one vehicle's state with saved bytes; false (state untouched) if they are not a valid version-1 state.</summary>
    public bool RestoreVehicle(int vehicle, ReadOnlySpan<byte> source)
    {
        if ((uint)vehicle >= (uint)_states.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(vehicle));
        }
        var r = new StateReader(source);
        if (r.Byte() != StateVersion)
        {
            return false;
        }
        var s = VehicleState.Empty;
        s.Read(ref r);
        var backfill = ChainState.Empty;
        backfill.Read(ref r);
        if (!r.Ok || s.PendingCount is < 0 or > PendingCapacity || s.GapNext is < 0 or >= GapSlots)
        {
            return false;
        }
        Span<Fix> pending = stackalloc Fix[PendingCapacity];
        for (var i = 0; i < s.PendingCount; i++)
        {
            var time = r.Int64();
            int latitude = r.Int32(), longitude = r.Int32(), speed = r.Int32();
            var alarms = r.UInt32();
            var direction = r.UInt16();
            var flags = r.Byte();
            pending[i] = new Fix(vehicle, time, latitude, longitude, speed, direction, (flags & 1) != 0, (flags & 2) != 0, alarms);
        }
        Span<FatigueGap> gaps = stackalloc FatigueGap[GapSlots];
        for (var i = 0; i < GapSlots; i++)
        {
            gaps[i].Read(ref r);
        }
        Span<ushort> buckets = stackalloc ushort[BucketCount];
        if (r.Bool())
        {
            for (var i = 0; i < BucketCount; i++)
            {
                buckets[i] = r.UInt16();
            }
        }
        Span<long> alarmStarts = stackalloc long[AlarmSlots];
        ReadAlarmStarts(ref r, alarmStarts[..32], s.Live.AlarmBits);
        ReadAlarmStarts(ref r, alarmStarts[32..], backfill.AlarmBits);
        if (!r.Ok)
        {
            return false;
        }
        _states[vehicle] = s;
        _backfill[vehicle] = backfill;
        pending.CopyTo(_pending.AsSpan(vehicle * PendingCapacity, PendingCapacity));
        gaps.CopyTo(_gaps.AsSpan(vehicle * GapSlots, GapSlots));
        buckets.CopyTo(_buckets.AsSpan(vehicle * BucketCount, BucketCount));
        alarmStarts.CopyTo(_alarmStarts.AsSpan(vehicle * AlarmSlots, AlarmSlots));
        return true;
    }

    /// <summary>The whole engine: clock plus every vehicle, each length-prefixed.</summary>
    public byte[] Save()
    {
        var buffer = new byte[16 + _states.Length * (4 + MaxVehicleStateBytes)];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, EngineMagic);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4), _states.Length);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(8), _clock);
        var at = 16;
        for (var v = 0; v < _states.Length; v++)
        {
            var written = SaveVehicle(v, buffer.AsSpan(at + 4));
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(at), written);
            at += 4 + written;
        }
        return buffer[..at];
    }

    /// <summary>Restores what <see cref="Save()"/> wrote for the same vehicle list; false if it does not fit.</summary>
    public bool Restore(ReadOnlySpan<byte> source)
    {
        if (source.Length < 16 || BinaryPrimitives.ReadUInt32LittleEndian(source) != EngineMagic
            || BinaryPrimitives.ReadInt32LittleEndian(source[4..]) != _states.Length)
        {
            return false;
        }
        var at = 16;
        for (var v = 0; v < _states.Length; v++)
        {
            if (at + 4 > source.Length)
            {
                return false;
            }
            var length = BinaryPrimitives.ReadInt32LittleEndian(source[at..]);
            if (length < 0 || at + 4 + length > source.Length || !RestoreVehicle(v, source.Slice(at + 4, length)))
            {
                return false;
            }
            at += 4 + length;
        }
        _clock = BinaryPrimitives.ReadInt64LittleEndian(source[8..]);
        return true;
    }

    /// <summary>Sets the clock when vehicles are restored one by one from a partition checkpoint.</summary>
    public void RestoreClock(long clock) => _clock = clock;

    void WriteAlarmStarts(ref StateWriter w, int vehicle, int slot, uint bits)
    {
        var starts = _alarmStarts.AsSpan(vehicle * AlarmSlots + slot, 32);
        while (bits != 0)
        {
            var bit = BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            w.Int64(starts[bit]);
        }
    }

    static void ReadAlarmStarts(ref StateReader r, scoped Span<long> starts, uint bits)
    {
        while (bits != 0)
        {
            var bit = BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            starts[bit] = r.Int64();
        }
    }
}
