namespace Monitoring.Rules;

/// <summary>The engine emits events only on these transitions of an episode.</summary>
public enum EpisodeTransition : byte
{
    Opened,
    Escalated,
    Closed,
}
