namespace Monitoring.Protocol.Framing;

/// <summary>
/// Byte stuffing between the flags (§2): 0x7E travels as 0x7D 0x02 and 0x7D as 0x7D 0x01, the check
/// code included. Un-escaping only shrinks, so the destination never needs more room than the input.
/// </summary>
public static class Escaping
{
    public const byte Flag = 0x7E;
    public const byte EscapeByte = 0x7D;

    /// <summary>
    /// Un-escapes <paramref name="escaped"/> (the bytes between the flags) into <paramref name="destination"/>.
    /// A lone 0x7D as the very last byte is taken literally: devices send a 0x7D check code unescaped
    /// (JT808.md §12, vector #55) and nothing else can sit there.
    /// </summary>
    public static DecodeResult Unescape(ReadOnlySpan<byte> escaped, Span<byte> destination, out int written, out Jt808Quirks quirks)
    {
        if (destination.Length < escaped.Length)
        {
            throw new ArgumentException("The destination must be at least as long as the escaped input.", nameof(destination));
        }

        quirks = Jt808Quirks.None;
        int read = 0;
        int write = 0;
        while (true)
        {
            int next = escaped[read..].IndexOf(EscapeByte);
            if (next < 0)
            {
                escaped[read..].CopyTo(destination[write..]);
                write += escaped.Length - read;
                break;
            }

            escaped.Slice(read, next).CopyTo(destination[write..]);
            write += next;
            read += next;
            if (read == escaped.Length - 1)
            {
                destination[write++] = EscapeByte;
                quirks |= Jt808Quirks.BareEscapeChecksum;
                break;
            }

            byte code = escaped[read + 1];
            if (code == 0x01)
            {
                destination[write++] = EscapeByte;
            }
            else if (code == 0x02)
            {
                destination[write++] = Flag;
            }
            else
            {
                written = write;
                return DecodeResult.Fail(Jt808Status.BadEscape, read);
            }

            read += 2;
        }

        written = write;
        return DecodeResult.Ok;
    }

    /// <summary>Length of <paramref name="raw"/> once escaped.</summary>
    public static int EscapedLength(ReadOnlySpan<byte> raw) => raw.Length + raw.Count(Flag) + raw.Count(EscapeByte);

    /// <summary>Escapes <paramref name="raw"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Escape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        int write = 0;
        int read = 0;
        while (true)
        {
            int next = raw[read..].IndexOfAny(Flag, EscapeByte);
            if (next < 0)
            {
                raw[read..].CopyTo(destination[write..]);
                return write + raw.Length - read;
            }

            raw.Slice(read, next).CopyTo(destination[write..]);
            write += next;
            read += next;
            destination[write] = EscapeByte;
            destination[write + 1] = raw[read] == Flag ? (byte)0x02 : (byte)0x01;
            write += 2;
            read++;
        }
    }

    /// <summary>Length once un-escaped, without un-escaping (a trailing lone 0x7D counts as one byte).</summary>
    public static int UnescapedLength(ReadOnlySpan<byte> escaped)
    {
        int pairs = escaped.Count(EscapeByte);
        if (escaped.Length > 0 && escaped[^1] == EscapeByte)
        {
            pairs--;
        }

        return escaped.Length - pairs;
    }

    /// <summary>Un-escapes the first bytes only, for peeking at a header; returns how many were produced.</summary>
    public static int UnescapePrefix(ReadOnlySpan<byte> escaped, Span<byte> destination)
    {
        int read = 0;
        int write = 0;
        while (write < destination.Length && read < escaped.Length)
        {
            byte b = escaped[read++];
            if (b == EscapeByte && read < escaped.Length)
            {
                b = escaped[read++] == 0x02 ? Flag : EscapeByte;
            }

            destination[write++] = b;
        }

        return write;
    }

    /// <summary>XOR over the un-escaped bytes of <paramref name="escaped"/> except the last (the check code), and that check code.</summary>
    internal static (byte Computed, byte Sent) ChecksumOfEscaped(ReadOnlySpan<byte> escaped)
    {
        byte computed = 0;
        byte previous = 0;
        bool first = true;
        int read = 0;
        while (read < escaped.Length)
        {
            byte b = escaped[read++];
            if (b == EscapeByte && read < escaped.Length)
            {
                b = escaped[read++] == 0x02 ? Flag : EscapeByte;
            }

            if (!first)
            {
                computed ^= previous;
            }

            previous = b;
            first = false;
        }

        return (computed, previous);
    }
}
