using Monitoring.Storage.Internal;
using Monitoring.Storage.Tests.Infrastructure;

namespace Monitoring.Storage.Tests;

public sealed class PositionSpoolTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), $"spool-tests-{Guid.NewGuid():N}");

    string SpoolPath => Path.Combine(_folder, "positions.spool");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Spooled_batches_survive_a_restart_and_read_back_in_order()
    {
        var first = Fixes.Run(7, Fixes.Utc(2026, 11, 20, 1), 3, TimeSpan.FromSeconds(10));
        var second = Fixes.Run(8, Fixes.Utc(2026, 11, 20, 2), 2, TimeSpan.FromSeconds(10), firstSerial: 100);
        var odd = new[] { Fixes.At(9, Fixes.Utc(2026, 11, 20, 3), -5, lat: -33.5, lon: -70.25, alarm: 0x80000001, odometer: 123456) };
        using (var spool = new PositionSpool(SpoolPath, 1 << 20))
        {
            spool.Append(first);
            spool.Append(second);
            spool.Append(odd);
        }

        using var reopened = new PositionSpool(SpoolPath, 1 << 20);

        Assert.Equal(3, reopened.PendingBatches);
        Assert.Equal(6, reopened.PendingPositions);
        var batches = reopened.ReadBatches().ToList();
        Assert.Equal(first, batches[0]);
        Assert.Equal(second, batches[1]);
        Assert.Equal(odd, batches[2]);
    }

    [Fact]
    public void A_torn_tail_is_cut_off_and_the_whole_records_are_kept()
    {
        var batch = Fixes.Run(7, Fixes.Utc(2026, 11, 20, 1), 4, TimeSpan.FromSeconds(10));
        using (var spool = new PositionSpool(SpoolPath, 1 << 20))
        {
            spool.Append(batch);
            spool.Append(batch);
        }

        long whole = PositionRecordFormat.RecordSize(4);
        using (var file = new FileStream(SpoolPath, FileMode.Open))
        {
            file.SetLength(whole + 30); // a crash half way through the second append
        }

        using var reopened = new PositionSpool(SpoolPath, 1 << 20);

        Assert.Equal(1, reopened.PendingBatches);
        Assert.Equal(whole, reopened.Length);
        Assert.Equal(batch, Assert.Single(reopened.ReadBatches()));
    }

    [Fact]
    public void A_damaged_record_is_moved_aside_with_everything_after_it()
    {
        var batch = Fixes.Run(7, Fixes.Utc(2026, 11, 20, 1), 4, TimeSpan.FromSeconds(10));
        using (var spool = new PositionSpool(SpoolPath, 1 << 20))
        {
            spool.Append(batch);
            spool.Append(batch);
            spool.Append(batch);
        }

        long record = PositionRecordFormat.RecordSize(4);
        using (var file = new FileStream(SpoolPath, FileMode.Open))
        {
            file.Position = record + PositionRecordFormat.HeaderSize + 5; // a byte inside the second record's payload
            int b = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(b ^ 0xFF));
        }

        using var reopened = new PositionSpool(SpoolPath, 1 << 20);

        Assert.Equal(1, reopened.PendingBatches);
        string damaged = Assert.Single(Directory.GetFiles(_folder, "positions.spool.damaged-*"));
        Assert.Equal(2 * record, new FileInfo(damaged).Length);
    }

    [Fact]
    public void A_full_spool_refuses_the_batch_with_a_clear_error_and_keeps_what_it_has()
    {
        int rows = ((1 << 20) - PositionRecordFormat.HeaderSize) / PositionRecordFormat.RowSize / 2;
        var batch = Fixes.Run(7, Fixes.Utc(2026, 11, 20, 1), rows, TimeSpan.FromSeconds(1));
        using var spool = new PositionSpool(SpoolPath, 1 << 20);
        spool.Append(batch);
        spool.Append(batch);

        var error = Assert.Throws<SpoolFullException>(() => spool.Append(batch[..10]));

        Assert.Contains("is full", error.Message, StringComparison.Ordinal);
        Assert.Contains(SpoolPath, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, spool.PendingBatches);
        Assert.Equal(2 * PositionRecordFormat.RecordSize(rows), spool.Length);
    }

    [Fact]
    public void Clearing_empties_the_file()
    {
        using var spool = new PositionSpool(SpoolPath, 1 << 20);
        spool.Append(Fixes.Run(7, Fixes.Utc(2026, 11, 20, 1), 3, TimeSpan.FromSeconds(1)));

        spool.Clear();

        Assert.True(spool.IsEmpty);
        Assert.Equal(0, new FileInfo(SpoolPath).Length);
        Assert.Empty(spool.ReadBatches());
    }

    [Fact]
    public void A_second_process_cannot_open_the_same_spool() =>
        Assert.ThrowsAny<IOException>(() =>
        {
            using var first = new PositionSpool(SpoolPath, 1 << 20);
            using var second = new PositionSpool(SpoolPath, 1 << 20);
        });
}
