namespace Monitoring.Storage;

/// <summary>Where a batch went. Both outcomes are durable: the caller may acknowledge the batch's messages.</summary>
public enum WriteOutcome
{
    /// <summary>Committed to the database.</summary>
    Stored,

    /// <summary>Fsynced to the local spool; replayed into the database when it returns.</summary>
    Spooled,
}
