using System.Buffers;

namespace Monitoring.Protocol;

/// <summary>
/// Reassembles split messages (§6). Parts are keyed by terminal, message id and package total; the message is
/// identified by the serial of its part 1 (the id 0x8003 refers to), since part serials need not be consecutive
/// when other messages are interleaved. Parts are ordered by index and their bodies concatenated.
/// Memory is bounded by <see cref="SubpackageLimits"/>; time comes from the caller (no clock here).
/// </summary>
/// <remarks>A new part 1 with another serial for a key already holding a part 1 starts a new message and drops the
/// old one as abandoned: a terminal sends one split message of a kind at a time.</remarks>
public sealed class SubpackageAssembler : IDisposable
{
    readonly SubpackageLimits _limits;
    readonly Dictionary<Key, Pending> _pending = [];
    long _pendingBytes;

    public SubpackageAssembler(SubpackageLimits? limits = null) => _limits = limits ?? new SubpackageLimits();

    public int PendingMessages => _pending.Count;

    public long PendingBytes => _pendingBytes;

    /// <summary>Adds one part. On <see cref="SubpackageStatus.Complete"/>, <paramref name="assembled"/> holds the whole body
    /// (dispose it to return its buffer).</summary>
    public SubpackageStatus Add(Jt808Message part, long nowMilliseconds, out AssembledMessage? assembled)
    {
        assembled = null;
        var header = part.Header;
        if (!header.IsSubpackage || header.PackageTotal == 0 || header.PackageIndex == 0 || header.PackageIndex > header.PackageTotal)
        {
            return SubpackageStatus.Rejected;
        }

        var key = new Key(header.Phone, header.MessageId, header.PackageTotal);
        if (!_pending.TryGetValue(key, out var pending))
        {
            if (_pending.Count >= _limits.MaxPendingMessages)
            {
                return SubpackageStatus.Rejected;
            }

            pending = new Pending(header.PackageTotal, nowMilliseconds);
            _pending.Add(key, pending);
        }
        else if (header.PackageIndex == 1 && pending.HasFirst && pending.FirstSerial != header.Serial)
        {
            Drop(key, pending);
            pending = new Pending(header.PackageTotal, nowMilliseconds);
            _pending.Add(key, pending);
        }

        int index = header.PackageIndex - 1;
        if (pending.Parts[index] is not null)
        {
            return SubpackageStatus.Duplicate;
        }

        int length = part.Body.Length;
        if (pending.Bytes + length > _limits.MaxMessageBytes || _pendingBytes + length > _limits.MaxPendingBytes)
        {
            Drop(key, pending);
            return SubpackageStatus.Rejected;
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        part.Body.CopyTo(copy);
        pending.Parts[index] = copy;
        pending.Lengths[index] = length;
        pending.Bytes += length;
        pending.Received++;
        _pendingBytes += length;
        if (header.PackageIndex == 1)
        {
            pending.HasFirst = true;
            pending.FirstSerial = header.Serial;
            pending.FirstHeader = header;
        }

        if (pending.Received < pending.Parts.Length)
        {
            return SubpackageStatus.Incomplete;
        }

        byte[] body = ArrayPool<byte>.Shared.Rent(Math.Max(pending.Bytes, 1));
        int offset = 0;
        for (int i = 0; i < pending.Parts.Length; i++)
        {
            pending.Parts[i].AsSpan(0, pending.Lengths[i]).CopyTo(body.AsSpan(offset));
            offset += pending.Lengths[i];
        }

        assembled = new AssembledMessage(pending.FirstHeader, body, offset);
        Drop(key, pending);
        return SubpackageStatus.Complete;
    }

    /// <summary>Drops messages older than the timeout and reports each with its missing indices (for a 0x8003 request).</summary>
    public IReadOnlyList<ExpiredMessage> Expire(long nowMilliseconds)
    {
        long timeout = (long)_limits.Timeout.TotalMilliseconds;
        List<(Key Key, Pending Pending)>? stale = null;
        foreach (var (key, pending) in _pending)
        {
            if (nowMilliseconds - pending.StartedMilliseconds >= timeout)
            {
                (stale ??= []).Add((key, pending));
            }
        }

        if (stale is null)
        {
            return [];
        }

        var expired = new List<ExpiredMessage>(stale.Count);
        foreach (var (key, pending) in stale)
        {
            var missing = new List<ushort>();
            for (int i = 0; i < pending.Parts.Length; i++)
            {
                if (pending.Parts[i] is null)
                {
                    missing.Add((ushort)(i + 1));
                }
            }

            expired.Add(new ExpiredMessage(key.Phone, key.MessageId, pending.HasFirst ? pending.FirstSerial : null, missing));
            Drop(key, pending);
        }

        return expired;
    }

    public void Dispose()
    {
        foreach (var (key, pending) in _pending.ToArray())
        {
            Drop(key, pending);
        }
    }

    void Drop(Key key, Pending pending)
    {
        for (int i = 0; i < pending.Parts.Length; i++)
        {
            if (pending.Parts[i] is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                pending.Parts[i] = null;
            }
        }

        _pendingBytes -= pending.Bytes;
        _pending.Remove(key);
    }

    readonly record struct Key(TerminalPhone Phone, ushort MessageId, ushort Total);

    sealed class Pending(ushort total, long started)
    {
        public byte[]?[] Parts { get; } = new byte[]?[total];

        public int[] Lengths { get; } = new int[total];

        public long StartedMilliseconds { get; } = started;

        public int Received { get; set; }

        public int Bytes { get; set; }

        public bool HasFirst { get; set; }

        public ushort FirstSerial { get; set; }

        public Jt808Header FirstHeader { get; set; }
    }
}

public enum SubpackageStatus : byte
{
    Incomplete,
    Complete,
    Duplicate,

    /// <summary>Bad subpackage fields, or a limit was reached (the message is dropped).</summary>
    Rejected,
}

/// <summary>A split message whose parts did not all arrive in time; <see cref="FirstSerial"/> is null when part 1 is missing too.</summary>
public sealed record ExpiredMessage(TerminalPhone Phone, ushort MessageId, ushort? FirstSerial, IReadOnlyList<ushort> MissingIndices);

/// <summary>A reassembled body in a pooled buffer, with the header of part 1. Dispose to return the buffer.</summary>
public sealed class AssembledMessage : IDisposable
{
    byte[]? _buffer;
    readonly int _length;

    internal AssembledMessage(Jt808Header firstPart, byte[] buffer, int length)
    {
        FirstPart = firstPart;
        _buffer = buffer;
        _length = length;
    }

    /// <summary>Header of part 1: its serial identifies the message.</summary>
    public Jt808Header FirstPart { get; }

    public ReadOnlySpan<byte> Body => _buffer is null ? throw new ObjectDisposedException(nameof(AssembledMessage)) : _buffer.AsSpan(0, _length);

    /// <summary>The whole message as if it had come in one frame (header of part 1).</summary>
    public Jt808Message ToMessage() => new(FirstPart, Body, Jt808Quirks.None);

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
