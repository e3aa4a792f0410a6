using Monitoring.Storage.Internal;
using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

/// <summary>The writer's per-position work allocates nothing once its buffers have grown.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void Picking_each_vehicles_newest_fix_allocates_nothing_in_steady_state()
    {
        var batch = Enumerable.Range(0, 5000)
            .Select(i => Fixes.At(i % 500, Fixes.Utc(2026, 11, 20, 1).AddSeconds(i / 500 * 10), i))
            .ToArray();
        var copy = new PositionCopy();
        copy.PickNewest(batch);

        long before = GC.GetAllocatedBytesForCurrentThread();
        copy.PickNewest(batch);
        copy.PickNewest(batch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(500, copy.PickedCount);
    }

    [Fact]
    public async Task Adding_positions_to_the_batcher_allocates_nothing()
    {
        var fixes = Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1), 1000, TimeSpan.FromSeconds(1));
        await using var batcher = new PositionBatcher(new NullWriter(), batchSize: 100_000, TimeSpan.FromHours(1), _ => { });
        batcher.Add(fixes[0]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var fix in fixes)
        {
            batcher.Add(fix);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Spooling_a_batch_allocates_nothing_per_position()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"alloc-{Guid.NewGuid():N}");
        try
        {
            using var spool = new PositionSpool(Path.Combine(folder, "p.spool"), 64 << 20);
            var small = Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1), 100, TimeSpan.FromSeconds(1));
            var large = Fixes.Run(1, Fixes.Utc(2026, 11, 20, 1), 10_000, TimeSpan.FromSeconds(1));
            spool.Append(small);
            spool.Append(large);

            long before = GC.GetAllocatedBytesForCurrentThread();
            spool.Append(small);
            long forSmall = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            spool.Append(large);
            long forLarge = GC.GetAllocatedBytesForCurrentThread() - before;

            // 100 times the positions, not more bytes (the record buffer is pooled).
            Assert.True(forLarge <= forSmall + 256, $"{forSmall} B for 100 positions, {forLarge} B for 10,000");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    sealed class NullWriter : IPositionWriter
    {
        public ValueTask<WriteOutcome> WriteAsync(ReadOnlyMemory<StoredPosition> positions, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(WriteOutcome.Stored);
    }
}
