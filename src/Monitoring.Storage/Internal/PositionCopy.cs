using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Storage.Internal;

/// <summary>
/// The SQL and the binary COPY encoding of <see cref="PositionWriter"/>, and the client-side pick of each
/// vehicle's newest fix in a batch (for <c>last_positions</c>) into reusable buffers: nothing is allocated per
/// position once the buffers have grown to the batch size.
/// </summary>
sealed class PositionCopy
{
    public const string Columns =
        "vehicle_id, device_time, received_at, odometer_hm, serial, lat_e6, lon_e6, speed_dkmh, direction, alarm, status, altitude_m, source";

    const string LastColumns =
        "vehicle_id, device_time, serial, received_at, lat_e6, lon_e6, speed_dkmh, direction, altitude_m, alarm, status";

    public const string DirectCopySql = $"COPY positions ({Columns}) FROM STDIN (FORMAT BINARY)";

    public const string StageCopySql = $"COPY positions_stage ({Columns}) FROM STDIN (FORMAT BINARY)";

    public const string LastCopySql = $"COPY last_stage ({LastColumns}) FROM STDIN (FORMAT BINARY)";

    public const string CreateStagesSql = """
        CREATE TEMP TABLE IF NOT EXISTS positions_stage (LIKE positions INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
        CREATE TEMP TABLE IF NOT EXISTS last_stage (LIKE last_positions) ON COMMIT DELETE ROWS;
        """;

    public const string MergeStageSql = $"INSERT INTO positions ({Columns}) SELECT {Columns} FROM positions_stage ON CONFLICT DO NOTHING";

    public const string MergeLastSql = $"""
        INSERT INTO last_positions AS l ({LastColumns}) SELECT {LastColumns} FROM last_stage
        ON CONFLICT (vehicle_id) DO UPDATE SET
            device_time = EXCLUDED.device_time, serial = EXCLUDED.serial, received_at = EXCLUDED.received_at,
            lat_e6 = EXCLUDED.lat_e6, lon_e6 = EXCLUDED.lon_e6, speed_dkmh = EXCLUDED.speed_dkmh, direction = EXCLUDED.direction,
            altitude_m = EXCLUDED.altitude_m, alarm = EXCLUDED.alarm, status = EXCLUDED.status
        WHERE l.device_time < EXCLUDED.device_time
        """;

    // A terminal whose clock jumped ahead must not pin its last position in the future.
    static readonly TimeSpan MaxClockLead = TimeSpan.FromMinutes(10);

    readonly Dictionary<long, int> _newest = [];
    int[] _picked = [];

    /// <summary>How many rows <see cref="PickNewest"/> chose.</summary>
    public int PickedCount { get; private set; }

    public static void WriteRows(NpgsqlBinaryImporter importer, ReadOnlySpan<StoredPosition> positions)
    {
        foreach (ref readonly var p in positions)
        {
            importer.StartRow();
            importer.Write(p.VehicleId, NpgsqlDbType.Bigint);
            importer.Write(p.DeviceTime, NpgsqlDbType.TimestampTz);
            importer.Write(p.ReceivedAt, NpgsqlDbType.TimestampTz);
            if (p.OdometerHm == StoredPosition.NoOdometer)
            {
                importer.WriteNull();
            }
            else
            {
                importer.Write(p.OdometerHm, NpgsqlDbType.Bigint);
            }

            importer.Write(p.Serial, NpgsqlDbType.Integer);
            importer.Write(p.LatitudeE6, NpgsqlDbType.Integer);
            importer.Write(p.LongitudeE6, NpgsqlDbType.Integer);
            importer.Write(p.SpeedDkmh, NpgsqlDbType.Integer);
            importer.Write(p.Direction, NpgsqlDbType.Integer);
            importer.Write(unchecked((int)p.Alarm), NpgsqlDbType.Integer);
            importer.Write(unchecked((int)p.Status), NpgsqlDbType.Integer);
            importer.Write(p.AltitudeM, NpgsqlDbType.Smallint);
            importer.Write((short)p.Source, NpgsqlDbType.Smallint);
        }
    }

    /// <summary>Chooses each vehicle's newest fix (device time, then serial) of the batch.</summary>
    public void PickNewest(ReadOnlySpan<StoredPosition> positions)
    {
        _newest.Clear();
        for (int i = 0; i < positions.Length; i++)
        {
            ref readonly var p = ref positions[i];
            if (p.DeviceTime > p.ReceivedAt + MaxClockLead)
            {
                continue;
            }

            ref int best = ref CollectionsMarshal.GetValueRefOrAddDefault(_newest, p.VehicleId, out bool exists);
            if (!exists)
            {
                best = i;
                continue;
            }

            ref readonly var q = ref positions[best];
            if (p.DeviceTime > q.DeviceTime || (p.DeviceTime == q.DeviceTime && p.Serial > q.Serial))
            {
                best = i;
            }
        }

        if (_picked.Length < _newest.Count)
        {
            _picked = new int[Math.Max(_newest.Count, _picked.Length * 2)];
        }

        int n = 0;
        foreach (int index in _newest.Values)
        {
            _picked[n++] = index;
        }

        PickedCount = n;
    }

    /// <summary>Writes the rows <see cref="PickNewest"/> chose, as <c>last_stage</c> rows.</summary>
    public void WritePicked(NpgsqlBinaryImporter importer, ReadOnlySpan<StoredPosition> positions)
    {
        foreach (int index in _picked.AsSpan(0, PickedCount))
        {
            ref readonly var p = ref positions[index];
            importer.StartRow();
            importer.Write(p.VehicleId, NpgsqlDbType.Bigint);
            importer.Write(p.DeviceTime, NpgsqlDbType.TimestampTz);
            importer.Write(p.Serial, NpgsqlDbType.Integer);
            importer.Write(p.ReceivedAt, NpgsqlDbType.TimestampTz);
            importer.Write(p.LatitudeE6, NpgsqlDbType.Integer);
            importer.Write(p.LongitudeE6, NpgsqlDbType.Integer);
            importer.Write(p.SpeedDkmh, NpgsqlDbType.Integer);
            importer.Write(p.Direction, NpgsqlDbType.Integer);
            importer.Write(p.AltitudeM, NpgsqlDbType.Smallint);
            importer.Write(unchecked((int)p.Alarm), NpgsqlDbType.Integer);
            importer.Write(unchecked((int)p.Status), NpgsqlDbType.Integer);
        }
    }
}
