namespace Monitoring.Protocol;

/// <summary>
/// A decoded frame: its header and its body as a span over the un-escaped bytes (the input itself when nothing
/// was escaped, else the caller's scratch buffer). Body readers such as <see cref="Bodies.LocationReport"/>
/// take <see cref="Body"/>.
/// </summary>
public readonly ref struct Jt808Message
{
    public Jt808Message(Jt808Header header, ReadOnlySpan<byte> body, Jt808Quirks quirks)
    {
        Header = header;
        Body = body;
        Quirks = quirks;
    }

    public Jt808Header Header { get; }

    public ReadOnlySpan<byte> Body { get; }

    public Jt808Quirks Quirks { get; }

    public ushort MessageId => Header.MessageId;
}
