using Monitoring.Rules;

namespace Monitoring.Ingestion;

/// <summary>What a rule worker is asked to do: evaluate a fix, advance its clock to <see cref="Now"/> (Unix seconds),
/// checkpoint its state as of <see cref="Now"/> (UTC ticks of the request), or take in <see cref="Added"/> vehicles.</summary>
public readonly record struct RuleInput(RuleInputKind Kind, int Partition, Fix Fix, long Now, IReadOnlyList<(long Id, Vehicle Vehicle)>? Added = null)
{
    public static RuleInput ForFix(int partition, in Fix fix) => new(RuleInputKind.Fix, partition, fix, 0);
}

public enum RuleInputKind : byte
{
    Fix,
    Clock,
    Checkpoint,
    AddVehicles,
}
