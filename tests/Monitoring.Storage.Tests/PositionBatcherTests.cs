using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

public sealed class PositionBatcherTests
{
    [Fact]
    public async Task Positions_reach_the_writer_in_order_in_batches_of_the_given_size()
    {
        var writer = new RecordingWriter();
        var results = new List<BatchResult>();
        var fixes = Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1), 7, TimeSpan.FromSeconds(1));
        var sequences = new List<long>();

        await using (var batcher = new PositionBatcher(writer, batchSize: 3, TimeSpan.FromHours(1), results.Add))
        {
            foreach (var fix in fixes)
            {
                sequences.Add(batcher.Add(fix));
            }
        }

        Assert.Equal([0L, 0, 0, 1, 1, 1, 2], sequences);
        Assert.Equal([3, 3, 1], writer.Batches.Select(b => b.Length));
        Assert.Equal(fixes, writer.Batches.SelectMany(b => b));
        Assert.Equal([0L, 1, 2], results.Select(r => r.Sequence));
    }

    [Fact]
    public async Task A_batch_the_writer_cannot_make_durable_is_reported_with_its_error_and_the_next_batches_go_on()
    {
        var writer = new RecordingWriter { FailSequence = 1 };
        var results = new List<BatchResult>();

        await using (var batcher = new PositionBatcher(writer, batchSize: 2, TimeSpan.FromHours(1), results.Add))
        {
            foreach (var fix in Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1), 6, TimeSpan.FromSeconds(1)))
            {
                batcher.Add(fix);
            }
        }

        Assert.Equal([true, false, true], results.Select(r => r.IsDurable));
        Assert.IsType<SpoolFullException>(results[1].Error);
        Assert.Equal([WriteOutcome.Spooled, null, WriteOutcome.Spooled], results.Select(r => r.Outcome));
    }

    [Fact]
    public async Task Flush_seals_a_partial_batch_at_once()
    {
        var writer = new RecordingWriter();
        var written = new TaskCompletionSource<BatchResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = new PositionBatcher(writer, batchSize: 100, TimeSpan.FromHours(1), r => written.TrySetResult(r));

        batcher.Add(Fixes.At(1, Fixes.Utc(2026, 11, 20, 1), 1));
        batcher.Add(Fixes.At(1, Fixes.Utc(2026, 11, 20, 1), 2));
        batcher.Flush();
        var result = await written.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((0L, 2), (result.Sequence, result.Count));
        Assert.Equal(1L, batcher.Add(Fixes.At(1, Fixes.Utc(2026, 11, 20, 1), 3)));
    }

    sealed class RecordingWriter : IPositionWriter
    {
        int _calls;

        public List<StoredPosition[]> Batches { get; } = [];

        public int FailSequence { get; init; } = -1;

        public ValueTask<WriteOutcome> WriteAsync(ReadOnlyMemory<StoredPosition> positions, CancellationToken cancellationToken = default)
        {
            if (_calls++ == FailSequence)
            {
                throw new SpoolFullException("test.spool", 10, 10, 64);
            }

            Batches.Add(positions.ToArray());
            return ValueTask.FromResult(WriteOutcome.Spooled);
        }
    }
}
