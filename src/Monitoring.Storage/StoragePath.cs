namespace Monitoring.Storage;

/// <summary>How the time series are kept: chosen once per database by <see cref="SchemaMigrator"/>.</summary>
public enum StoragePath
{
    /// <summary>Plain PostgreSQL: declarative range partitions kept by <see cref="PartitionMaintenance"/>.</summary>
    Plain,

    /// <summary>TimescaleDB: hypertables, compression, retention policies and a continuous aggregate.</summary>
    Timescale,
}
