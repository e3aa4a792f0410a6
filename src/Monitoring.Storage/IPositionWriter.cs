namespace Monitoring.Storage;

/// <summary>Makes batches of positions durable; <see cref="PositionWriter"/> is the implementation.</summary>
public interface IPositionWriter
{
    /// <summary>
    /// Returns once the batch is durable (stored or spooled). Throws <see cref="SpoolFullException"/> when it is
    /// neither, and <see cref="OperationCanceledException"/> when cancelled; database failures never escape.
    /// </summary>
    ValueTask<WriteOutcome> WriteAsync(ReadOnlyMemory<StoredPosition> positions, CancellationToken cancellationToken = default);
}
