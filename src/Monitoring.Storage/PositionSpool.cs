using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Storage.Internal;

namespace Monitoring.Storage;

/// <summary>
/// Append-only local file of position batches written while the database is unreachable. Each batch is one
/// length-prefixed, CRC-checked record, fsynced before <see cref="Append"/> returns, so a spooled batch survives
/// a crash. Bounded by <c>maxBytes</c>: a batch that does not fit is refused with <see cref="SpoolFullException"/>.
/// Opening an existing file keeps its whole records for replay; a torn tail (a crash mid-append) is cut off, and
/// anything after a damaged record is moved to a <c>.damaged-*</c> file beside it for inspection.
/// The file is locked exclusively: one process per spool.
/// </summary>
public sealed class PositionSpool : IDisposable
{
    readonly FileStream _file;
    readonly long _maxBytes;
    readonly ILogger _logger;

    public PositionSpool(string path, long maxBytes, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, PositionRecordFormat.RecordSize(1));
        Path = System.IO.Path.GetFullPath(path);
        _maxBytes = maxBytes;
        _logger = logger ?? NullLogger.Instance;
        if (System.IO.Path.GetDirectoryName(Path) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        Recover();
    }

    public string Path { get; }

    /// <summary>Bytes of whole records waiting for replay.</summary>
    public long Length => _file.Length;

    /// <summary>Batches waiting for replay.</summary>
    public int PendingBatches { get; private set; }

    /// <summary>Positions waiting for replay.</summary>
    public long PendingPositions { get; private set; }

    public bool IsEmpty => PendingBatches == 0;

    /// <summary>Appends one batch and fsyncs it. Throws <see cref="SpoolFullException"/> when it does not fit.</summary>
    public void Append(ReadOnlySpan<StoredPosition> rows)
    {
        if (rows.IsEmpty)
        {
            return;
        }

        int size = PositionRecordFormat.RecordSize(rows.Length);
        long length = _file.Length;
        if (length + size > _maxBytes)
        {
            throw new SpoolFullException(Path, length, _maxBytes, size);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            PositionRecordFormat.Write(rows, buffer.AsSpan(0, size));
            _file.Seek(length, SeekOrigin.Begin);
            try
            {
                _file.Write(buffer, 0, size);
                _file.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                // Do not leave half a record behind (disk full): the batch was not spooled.
                _file.SetLength(length);
                throw;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        PendingBatches++;
        PendingPositions += rows.Length;
    }

    /// <summary>The spooled batches in the order they were appended.</summary>
    public IEnumerable<StoredPosition[]> ReadBatches()
    {
        long offset = 0;
        while (TryReadRecord(offset, out var rows, out long next))
        {
            yield return rows!;
            offset = next;
        }
    }

    /// <summary>Empties the spool after a successful replay.</summary>
    public void Clear()
    {
        _file.SetLength(0);
        _file.Flush(flushToDisk: true);
        PendingBatches = 0;
        PendingPositions = 0;
    }

    public void Dispose() => _file.Dispose();

    void Recover()
    {
        long offset = 0;
        long length = _file.Length;
        while (offset < length)
        {
            var status = Inspect(offset, out int rows, out long next);
            if (status == RecordStatus.Whole)
            {
                PendingBatches++;
                PendingPositions += rows;
                offset = next;
                continue;
            }

            if (status == RecordStatus.Torn)
            {
                _logger.LogWarning("Position spool {Path}: cutting a torn record at byte {Offset} ({Bytes} bytes; a crash during an append, that batch was never acknowledged)",
                    Path, offset, length - offset);
            }
            else
            {
                string damaged = $"{Path}.damaged-{DateTime.UtcNow:yyyyMMddHHmmssfff}";
                using (var copy = new FileStream(damaged, FileMode.CreateNew, FileAccess.Write))
                {
                    _file.Seek(offset, SeekOrigin.Begin);
                    _file.CopyTo(copy);
                    copy.Flush(flushToDisk: true);
                }

                _logger.LogError("Position spool {Path}: damaged record at byte {Offset}; the {Bytes} bytes from there on were moved to {Damaged} and are not replayed",
                    Path, offset, length - offset, damaged);
            }

            _file.SetLength(offset);
            _file.Flush(flushToDisk: true);
            break;
        }

        if (PendingBatches > 0)
        {
            _logger.LogWarning("Position spool {Path} holds {Batches} batches ({Positions} positions) from before; they are replayed when the database is reachable",
                Path, PendingBatches, PendingPositions);
        }
    }

    enum RecordStatus
    {
        Whole,
        Torn,
        Damaged,
    }

    RecordStatus Inspect(long offset, out int rows, out long next)
    {
        rows = 0;
        next = offset;
        Span<byte> header = stackalloc byte[PositionRecordFormat.HeaderSize];
        if (!ReadExactly(offset, header))
        {
            return RecordStatus.Torn;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != PositionRecordFormat.Magic)
        {
            return RecordStatus.Damaged;
        }

        int payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (payloadLength <= 0 || payloadLength % PositionRecordFormat.RowSize != 0 || payloadLength > _maxBytes)
        {
            return RecordStatus.Damaged;
        }

        long end = offset + PositionRecordFormat.HeaderSize + payloadLength;
        if (end > _file.Length)
        {
            return RecordStatus.Torn;
        }

        byte[] payload = ArrayPool<byte>.Shared.Rent(payloadLength);
        try
        {
            if (!ReadExactly(offset + PositionRecordFormat.HeaderSize, payload.AsSpan(0, payloadLength))
                || PositionRecordFormat.Crc32C(payload.AsSpan(0, payloadLength)) != BinaryPrimitives.ReadUInt32LittleEndian(header[8..]))
            {
                // A record whose bytes all reached the disk but do not match its CRC: damage, not a torn append,
                // unless it is the last record (the CRC covers the payload written last).
                return end == _file.Length ? RecordStatus.Torn : RecordStatus.Damaged;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }

        rows = payloadLength / PositionRecordFormat.RowSize;
        next = end;
        return RecordStatus.Whole;
    }

    bool TryReadRecord(long offset, out StoredPosition[]? rows, out long next)
    {
        rows = null;
        next = offset;
        if (offset >= _file.Length)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[PositionRecordFormat.HeaderSize];
        if (!ReadExactly(offset, header))
        {
            return false;
        }

        int payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        byte[] payload = ArrayPool<byte>.Shared.Rent(payloadLength);
        try
        {
            if (!ReadExactly(offset + PositionRecordFormat.HeaderSize, payload.AsSpan(0, payloadLength))
                || PositionRecordFormat.Crc32C(payload.AsSpan(0, payloadLength)) != BinaryPrimitives.ReadUInt32LittleEndian(header[8..]))
            {
                throw new InvalidDataException($"Position spool '{Path}' changed under this process at byte {offset}.");
            }

            rows = new StoredPosition[payloadLength / PositionRecordFormat.RowSize];
            PositionRecordFormat.ReadRows(payload.AsSpan(0, payloadLength), rows);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }

        next = offset + PositionRecordFormat.HeaderSize + payloadLength;
        return true;
    }

    bool ReadExactly(long offset, Span<byte> destination)
    {
        _file.Seek(offset, SeekOrigin.Begin);
        int read = 0;
        while (read < destination.Length)
        {
            int n = _file.Read(destination[read..]);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
