namespace Monitoring.Rules.Internal;

/// <summary>Sentinels for Unix-second fields in state structs.</summary>
static class Time
{
    /// <summary>"No such time yet".</summary>
    public const long None = long.MinValue;
}
