using System.Collections.Concurrent;

namespace Monitoring.Ingestion;

/// <summary>
/// Holds a session's MQTT messages until the position batches they went into are durable, then acknowledges
/// them, so that the broker redelivers whatever a crash interrupts. Batch sequence numbers only grow, and
/// batches are reported durable in order, so a message is acknowledged once the highest batch it touched is.
/// </summary>
public sealed class AckLedger<TMessage>(Func<TMessage, Task> acknowledge)
{
    readonly ConcurrentQueue<(long Sequence, TMessage Message)> _waiting = new();
    readonly Lock _drain = new();
    long _durableUpTo = -1;

    public int Waiting => _waiting.Count;

    /// <summary>A message whose positions went into batches up to <paramref name="sequence"/>.</summary>
    public void Add(long sequence, TMessage message)
    {
        _waiting.Enqueue((sequence, message));

        // The batch may already be durable (written before the message got here).
        Drain(Interlocked.Read(ref _durableUpTo));
    }

    /// <summary>Batches up to <paramref name="sequence"/> are durable.</summary>
    public void Durable(long sequence)
    {
        long seen = Interlocked.Read(ref _durableUpTo);
        while (sequence > seen)
        {
            long previous = Interlocked.CompareExchange(ref _durableUpTo, sequence, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }

        Drain(Interlocked.Read(ref _durableUpTo));
    }

    void Drain(long durable)
    {
        lock (_drain)
        {
            while (_waiting.TryPeek(out var head) && head.Sequence <= durable)
            {
                _waiting.TryDequeue(out _);
                _ = acknowledge(head.Message);
            }
        }
    }
}
