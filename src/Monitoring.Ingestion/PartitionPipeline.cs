using Monitoring.Storage;

namespace Monitoring.Ingestion;

/// <summary>
/// What happens to one MQTT message of one partition session: the hot path (<see cref="TelemetryIngestor"/>)
/// puts positions into the shared batcher and collects fixes, which then go to the partition's rule worker;
/// rejected frames go to the dead letters, and the message waits until they are stored (a bad frame is kept, not
/// lost). Returns the highest batch sequence the message's positions went into (-1 for none), which decides when
/// the message may be acknowledged.
/// </summary>
public sealed class PartitionPipeline(TelemetryIngestor ingestor, PositionBatcher batcher, RuleWorker worker,
    Func<IReadOnlyList<DeadLetter>, CancellationToken, Task> storeDeadLetters)
{
    RuleInput[] _fixes = new RuleInput[256];

    public IngestCounters Counters => ingestor.Counters;

    public async ValueTask<long> IngestAsync(ReadOnlyMemory<byte> payload, string topic, DateTime receivedUtc, CancellationToken cancellationToken)
    {
        var sink = new Sink { Batcher = batcher, MaxSequence = -1, Fixes = _fixes, Topic = topic, ReceivedUtc = receivedUtc };
        ingestor.Ingest(payload.Span, receivedUtc, ref sink);
        _fixes = sink.Fixes;
        var input = worker.Input;
        for (int i = 0; i < sink.FixCount; i++)
        {
            if (!input.TryWrite(_fixes[i]))
            {
                await input.WriteAsync(_fixes[i], cancellationToken).ConfigureAwait(false);
            }
        }

        if (sink.Rejected is { } rejected)
        {
            await storeDeadLetters(rejected, cancellationToken).ConfigureAwait(false);
        }

        return sink.MaxSequence;
    }

    struct Sink : ITelemetrySink
    {
        public PositionBatcher Batcher;
        public long MaxSequence;
        public RuleInput[] Fixes;
        public int FixCount;
        public string Topic;
        public DateTime ReceivedUtc;
        public List<DeadLetter>? Rejected;

        public void Position(in StoredPosition position)
        {
            long sequence = Batcher.Add(position);
            if (sequence > MaxSequence)
            {
                MaxSequence = sequence;
            }
        }

        public void Fix(int partition, in Rules.Fix fix)
        {
            if (FixCount == Fixes.Length)
            {
                Array.Resize(ref Fixes, Fixes.Length * 2);
            }

            Fixes[FixCount++] = RuleInput.ForFix(partition, fix);
        }

        public void Reject(ReadOnlySpan<byte> frame, RejectReason reason, string? detail)
        {
            string phone = Topic[(Topic.LastIndexOf('/') + 1)..];
            (Rejected ??= []).Add(new DeadLetter(ReceivedUtc, phone, detail is null ? reason.ToString() : $"{reason}: {detail}", frame.ToArray(), Topic));
        }
    }
}
