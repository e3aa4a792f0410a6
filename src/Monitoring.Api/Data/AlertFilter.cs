using Monitoring.Storage;

namespace Monitoring.Api.Data;

/// <summary>Filter of the alert list: start in [<see cref="From"/>, <see cref="To"/>); the rest optional and ANDed with the caller's scope.</summary>
sealed record AlertFilter(DateTime From, DateTime To)
{
    public int? CountyId { get; init; }

    public long? CarrierId { get; init; }

    public string? Rule { get; init; }

    public short? MinSeverity { get; init; }

    public string? Handling { get; init; }

    /// <summary>Part of the plate (湘N12 finds 湘N12345).</summary>
    public string? Plate { get; init; }

    /// <summary>Keyset cursor: the last alert of the previous page.</summary>
    public EpisodeKey? After { get; init; }
}
