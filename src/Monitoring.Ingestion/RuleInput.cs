using Monitoring.Rules;

namespace Monitoring.Ingestion;

/// <summary>What a rule worker is asked to do: evaluate a fix, advance its clock, or checkpoint its state.</summary>
public readonly record struct RuleInput(RuleInputKind Kind, int Partition, Fix Fix, long Now)
{
    public static RuleInput ForFix(int partition, in Fix fix) => new(RuleInputKind.Fix, partition, fix, 0);
}

public enum RuleInputKind : byte
{
    Fix,
    Clock,
    Checkpoint,
}
