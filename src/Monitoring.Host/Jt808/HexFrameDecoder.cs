using System.Text.Json;
using Monitoring.Protocol;
using Monitoring.Protocol.Framing;

namespace Monitoring.Host.Jt808;

/// <summary>
/// Behind `monitoring jt808 decode`: each input holds one or more frames in hex; every frame found prints one JSON
/// line. Parts of split messages print as parts, and once all parts of a message have been read (in any input of
/// the same run) the reassembled message prints too.
/// </summary>
sealed class HexFrameDecoder(TextWriter output, bool ignoreChecksum) : IDisposable
{
    readonly SubpackageAssembler _assembler = new();
    readonly byte[] _scratch = new byte[Jt808Framer.MaxEscapedContentLength + 2];
    readonly ArrayBufferWriterStream _line = new();

    /// <summary>True once any input or frame failed; the command's exit code.</summary>
    public bool AnyFailed { get; private set; }

    public void DecodeInput(string hex)
    {
        if (!TryParseHex(hex, out byte[] bytes, out int badChar))
        {
            AnyFailed = true;
            Write(json =>
            {
                json.WriteStartObject();
                json.WriteBoolean("ok", false);
                json.WriteString("error", "BadHex");
                json.WriteNumber("offset", badChar);
                json.WriteEndObject();
            });
            return;
        }

        if (bytes.Length == 0)
        {
            return;
        }

        // Input without any flag is taken as one frame's content, for convenience.
        if (Array.IndexOf(bytes, Escaping.Flag) < 0)
        {
            DecodeFrame(bytes);
            return;
        }

        ReadOnlySpan<byte> rest = bytes;
        while (!rest.IsEmpty)
        {
            var scan = Jt808Framer.Scan(rest, isFinalBlock: true);
            if (scan.Status == FrameScanStatus.Frame)
            {
                DecodeFrame(rest[scan.Range]);
            }
            else if (scan.Status == FrameScanStatus.FrameTooLong)
            {
                AnyFailed = true;
                Write(json => MessageJson.WriteFailure(json, DecodeResult.Fail(Jt808Status.FrameTooLong, scan.Start)));
            }

            if (scan.Consumed == 0)
            {
                break;
            }

            rest = rest[scan.Consumed..];
        }
    }

    void DecodeFrame(ReadOnlySpan<byte> frame)
    {
        var result = Jt808Decoder.Decode(frame, _scratch, out var message);
        bool checksumValid = true;
        if (result.Status == Jt808Status.BadChecksum && ignoreChecksum)
        {
            checksumValid = false;
            result = Jt808Decoder.Decode(frame, _scratch, out message, verifyChecksum: false);
        }

        if (!result.IsOk || !checksumValid)
        {
            AnyFailed = true;
        }

        if (!result.IsOk)
        {
            Write(json => MessageJson.WriteFailure(json, result));
            return;
        }

        WriteMessage(message, checksumValid, null);
        if (!message.Header.IsSubpackage || !checksumValid)
        {
            return;
        }

        if (_assembler.Add(message, 0, out var assembled) == SubpackageStatus.Complete && assembled is not null)
        {
            using (assembled)
            {
                WriteMessage(assembled.ToMessage(), true, assembled.FirstPart.PackageTotal);
            }
        }
    }

    // A ref struct cannot be captured by a lambda, so messages get their own writer.
    void WriteMessage(Jt808Message message, bool checksumValid, int? parts)
    {
        using (var json = StartLine())
        {
            MessageJson.WriteMessage(json, message, checksumValid, parts);
        }

        output.WriteLine(_line.ToUtf8String());
    }

    void Write(Action<Utf8JsonWriter> write)
    {
        using (var json = StartLine())
        {
            write(json);
        }

        output.WriteLine(_line.ToUtf8String());
    }

    Utf8JsonWriter StartLine()
    {
        _line.Reset();
        return new Utf8JsonWriter(_line, JsonOptions);
    }

    // Chinese text (plates, TTS) stays readable in the output.
    static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Hex digits with any white space between them; <paramref name="badChar"/> is the index of the first offending character.</summary>
    internal static bool TryParseHex(string text, out byte[] bytes, out int badChar)
    {
        var digits = new List<byte>(text.Length);
        badChar = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            int value = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (value < 0)
            {
                badChar = i;
                bytes = [];
                return false;
            }

            digits.Add((byte)value);
        }

        if (digits.Count % 2 != 0)
        {
            badChar = text.Length;
            bytes = [];
            return false;
        }

        bytes = new byte[digits.Count / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(digits[2 * i] << 4 | digits[2 * i + 1]);
        }

        return true;
    }

    public void Dispose() => _assembler.Dispose();

    /// <summary>A reusable in-memory stream for one JSON line.</summary>
    sealed class ArrayBufferWriterStream : MemoryStream
    {
        public void Reset() => SetLength(0);

        public string ToUtf8String() => System.Text.Encoding.UTF8.GetString(GetBuffer(), 0, (int)Length);
    }
}
