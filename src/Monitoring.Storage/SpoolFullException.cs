namespace Monitoring.Storage;

/// <summary>The spool reached its size limit: the batch is neither stored nor spooled, so it must not be acknowledged.</summary>
public sealed class SpoolFullException : IOException
{
    public SpoolFullException(string path, long length, long limit, long needed)
        : base($"The position spool '{path}' is full ({length:N0} of {limit:N0} bytes, this batch needs {needed:N0} more): the database has been unreachable for too long. " +
            "The batch was not stored; it stays unacknowledged until the database returns and the spool drains, or the spool limit (Monitoring:Database:SpoolMaxBytes) is raised.")
    {
        Path = path;
    }

    public SpoolFullException()
    {
        Path = "";
    }

    public SpoolFullException(string message)
        : base(message)
    {
        Path = "";
    }

    public SpoolFullException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "";
    }

    public string Path { get; }
}
