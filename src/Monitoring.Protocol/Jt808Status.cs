namespace Monitoring.Protocol;

/// <summary>
/// Outcome of reading wire data. Wire data never throws: every failure is one of these, with the
/// offset where it went wrong (see <see cref="DecodeResult"/>).
/// </summary>
public enum Jt808Status : byte
{
    Ok = 0,

    /// <summary>0x7D followed by something other than 0x01/0x02 (JT/T 808 §2 byte stuffing).</summary>
    BadEscape,

    /// <summary>XOR of header and body differs from the check code (§3).</summary>
    BadChecksum,

    /// <summary>The data ends before a field the layout requires.</summary>
    Truncated,

    /// <summary>The body length in the header does not match the frame (§5.2).</summary>
    LengthMismatch,

    /// <summary>Attribute bit 15 is set: reserved in 2011, 2013 and 2019, so a layout we do not know.</summary>
    UnsupportedVersion,

    /// <summary>Encryption bits other than none or RSA (§5.1 bits 10-12).</summary>
    UnsupportedEncryption,

    /// <summary>The body is RSA-encrypted; header is valid, body is opaque.</summary>
    Encrypted,

    /// <summary>Subpackage fields that cannot be right: total 0, index 0 or index past total (§6).</summary>
    BadSubpackage,

    /// <summary>A frame longer than the largest legal frame; skipped.</summary>
    FrameTooLong,

    /// <summary>A body value outside its domain (e.g. a BCD time with non-digit nibbles).</summary>
    BadValue,

    /// <summary>The message id is not the one the reader expects.</summary>
    WrongMessage,
}
