namespace Monitoring.Rules.Internal;

/// <summary>The mutable counters behind <see cref="DataQuality"/>.</summary>
struct QualityCounters
{
    public long Fixes;
    public long Valid;
    public long InvalidFix;
    public long Drift;
    public long Duplicates;
    public long Late;

    public readonly DataQuality ToDataQuality() => new(Fixes, Valid, InvalidFix, Drift, Duplicates, Late);
}
