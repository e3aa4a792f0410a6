using System.Buffers.Binary;

namespace Monitoring.Protocol;

/// <summary>
/// The terminal's "phone" id: BCD[6] (12 digits, 2011/2013) or BCD[10] (20 digits, 2019). Kept as raw
/// nibbles so that devices packing non-digit nibbles (A-F, JT808.md §4) survive unchanged. Two phones are
/// equal when their nibbles are, whatever the width: a terminal moved from 2013 to 2019 keeps its identity.
/// </summary>
public readonly struct TerminalPhone : IEquatable<TerminalPhone>
{
    public const int Length2013 = 6;
    public const int Length2019 = 10;

    // Low 16 nibbles (last 8 bytes) and high 4 nibbles (first 2 bytes of a 10-byte id).
    readonly ulong _low;
    readonly ushort _high;
    readonly byte _length;

    TerminalPhone(ulong low, ushort high, byte length)
    {
        _low = low;
        _high = high;
        _length = length;
    }

    /// <summary>Width on the wire in bytes: 6 or 10.</summary>
    public int ByteLength => _length;

    /// <summary>True when every nibble is a decimal digit.</summary>
    public bool IsDecimal
    {
        get
        {
            // A nibble above 9 has bit 3 set together with bit 2 or bit 1.
            static bool HasHexNibble(ulong v) => ((v & 0x8888_8888_8888_8888UL) >> 3 & ((v & 0x4444_4444_4444_4444UL) >> 2 | (v & 0x2222_2222_2222_2222UL) >> 1)) != 0;
            return !HasHexNibble(_low) && !HasHexNibble(_high);
        }
    }

    /// <summary>Reads 6 or 10 bytes of BCD.</summary>
    public static TerminalPhone Read(ReadOnlySpan<byte> bcd)
    {
        if (bcd.Length == Length2013)
        {
            ulong low = (ulong)BinaryPrimitives.ReadUInt16BigEndian(bcd) << 32 | BinaryPrimitives.ReadUInt32BigEndian(bcd[2..]);
            return new TerminalPhone(low, 0, Length2013);
        }

        if (bcd.Length == Length2019)
        {
            return new TerminalPhone(BinaryPrimitives.ReadUInt64BigEndian(bcd[2..]), BinaryPrimitives.ReadUInt16BigEndian(bcd), Length2019);
        }

        throw new ArgumentException("A terminal phone is 6 or 10 bytes of BCD.", nameof(bcd));
    }

    /// <summary>Parses up to 20 hex digits (normally decimal), left-padded with zeros to the width.</summary>
    public static bool TryParse(ReadOnlySpan<char> digits, int byteLength, out TerminalPhone phone)
    {
        phone = default;
        if (byteLength is not (Length2013 or Length2019) || digits.Length == 0 || digits.Length > byteLength * 2)
        {
            return false;
        }

        ulong low = 0;
        ulong high = 0;
        foreach (char c in digits)
        {
            int nibble = HexValue(c);
            if (nibble < 0)
            {
                return false;
            }

            high = high << 4 | low >> 60;
            low = low << 4 | (uint)nibble;
        }

        phone = new TerminalPhone(low, (ushort)high, (byte)byteLength);
        return true;
    }

    public static TerminalPhone Parse(string digits, int byteLength = Length2013) =>
        TryParse(digits, byteLength, out var phone) ? phone : throw new FormatException($"'{digits}' is not a terminal phone of {byteLength} bytes.");

    /// <summary>Writes the id as BCD of <see cref="ByteLength"/> bytes (or the width given).</summary>
    public void Write(Span<byte> destination, int byteLength)
    {
        if (byteLength == Length2013)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(_low >> 32));
            BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)_low);
        }
        else if (byteLength == Length2019)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, _high);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], _low);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(byteLength), "A terminal phone is 6 or 10 bytes of BCD.");
        }
    }

    /// <summary>Formats the nibbles as <c>2 × ByteLength</c> characters into <paramref name="destination"/>.</summary>
    public bool TryFormat(Span<char> destination, out int written)
    {
        int count = _length * 2;
        written = 0;
        if (destination.Length < count)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            int fromRight = count - 1 - i;
            int nibble = fromRight < 16 ? (int)(_low >> (fromRight * 4)) & 0xF : (_high >> ((fromRight - 16) * 4)) & 0xF;
            destination[i] = (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
        }

        written = count;
        return true;
    }

    public override string ToString()
    {
        Span<char> buffer = stackalloc char[20];
        TryFormat(buffer, out int written);
        return new string(buffer[..written]);
    }

    /// <summary>A 64-bit key for dense lookups; exact for 2013 ids and for 2019 ids whose first 4 nibbles are zero.</summary>
    public ulong Low => _low;

    public ushort High => _high;

    public bool Equals(TerminalPhone other) => _low == other._low && _high == other._high;

    public override bool Equals(object? obj) => obj is TerminalPhone other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_low, _high);

    public static bool operator ==(TerminalPhone left, TerminalPhone right) => left.Equals(right);

    public static bool operator !=(TerminalPhone left, TerminalPhone right) => !left.Equals(right);

    static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
