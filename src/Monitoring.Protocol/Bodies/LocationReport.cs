namespace Monitoring.Protocol.Bodies;

/// <summary>
/// A 0x0200 body (or one 0x0704 item): the basic block and the additional items, read without allocating.
/// Items are walked with <see cref="Items"/>; standard ones are decoded on demand by <see cref="StandardItems"/>.
/// </summary>
/// <remarks>
/// An item whose declared length runs past the body ends the walk: the rest is kept raw in <see cref="Trailing"/>
/// and <see cref="Quirks"/> says <see cref="Jt808Quirks.ItemOverrun"/> (common on device captures, JT808.md §7.3).
/// Unknown and vendor ids, duplicates, zero-length items and standard ids with non-standard lengths are all kept.
/// </remarks>
public readonly ref struct LocationReport
{
    readonly ReadOnlySpan<byte> _items;

    LocationReport(LocationBasic basic, ReadOnlySpan<byte> items)
    {
        Basic = basic;
        _items = items;
    }

    public LocationBasic Basic { get; }

    /// <summary>Everything after the basic block, as bytes.</summary>
    public ReadOnlySpan<byte> ItemBytes => _items;

    /// <summary>Bytes after the last whole item (an item that runs past the body, or a lone byte). Walks the items.</summary>
    public ReadOnlySpan<byte> Trailing => _items[AdditionalItemEnumerator.WholeItemsLength(_items, out _)..];

    /// <summary>Number of whole items. Walks the items.</summary>
    public int ItemCount
    {
        get
        {
            AdditionalItemEnumerator.WholeItemsLength(_items, out int count);
            return count;
        }
    }

    public Jt808Quirks Quirks => Trailing.IsEmpty ? Jt808Quirks.None : Jt808Quirks.ItemOverrun;

    public AdditionalItemEnumerator Items => new(_items);

    public static DecodeResult TryRead(ReadOnlySpan<byte> body, out LocationReport report)
    {
        if (!LocationBasic.TryRead(body, out var basic))
        {
            report = default;
            return DecodeResult.Fail(Jt808Status.Truncated, body.Length);
        }

        report = new LocationReport(basic, body[LocationBasic.Length..]);
        return DecodeResult.Ok;
    }

    /// <summary>Reads a 0x0200 message (or the location part of 0x0201).</summary>
    public static DecodeResult TryRead(Jt808Message message, out LocationReport report)
    {
        report = default;
        if (message.Header.IsEncrypted)
        {
            return DecodeResult.Fail(Jt808Status.Encrypted, 0);
        }

        return message.MessageId switch
        {
            MessageIds.LocationReport => TryRead(message.Body, out report),
            MessageIds.LocationQueryAnswer when message.Body.Length >= 2 => TryRead(message.Body[2..], out report),
            _ => DecodeResult.Fail(Jt808Status.WrongMessage, 0),
        };
    }

    /// <summary>Writes a body: the basic block followed by <paramref name="items"/> (already TLV-encoded).</summary>
    public static int Write(Span<byte> destination, in LocationBasic basic, ReadOnlySpan<byte> items)
    {
        basic.Write(destination);
        items.CopyTo(destination[LocationBasic.Length..]);
        return LocationBasic.Length + items.Length;
    }
}
