using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;
using Monitoring.Protocol.Topics;

namespace Monitoring.Api.Downlink;

/// <summary>The platform's frames to a terminal, addressed by the phone stored in <c>vehicles.terminal_phone</c>.</summary>
public static class DownlinkFrames
{
    static int _serial;

    /// <summary>0x8300 with the TTS and display flags (JT/T 808 §8.34): how a monitor warns a driver.</summary>
    public static (string Topic, byte[] Frame) TextToSpeech(string phoneDigits, string text)
    {
        var (phone, version) = Terminal(phoneDigits);
        Span<byte> body = stackalloc byte[Jt808Header.MaxBodyLength];
        int length = TextMessage.Write(body, version, TextMessage.Tts | TextMessage.Display, text);
        return (MqttTopics.Downlink(phone), Frame(MessageIds.TextMessage, phone, version, body[..length]));
    }

    /// <summary>0x8203 manual alarm confirmation of one alarm bit (serial 0: every pending alarm of that type, §8.49).</summary>
    public static (string Topic, byte[] Frame) AlarmConfirmation(string phoneDigits, int alarmBit)
    {
        var (phone, version) = Terminal(phoneDigits);
        Span<byte> body = stackalloc byte[Protocol.Bodies.AlarmConfirmation.Length];
        int length = new AlarmConfirmation(0, 1u << alarmBit).Write(body);
        return (MqttTopics.Downlink(phone), Frame(MessageIds.AlarmConfirmation, phone, version, body[..length]));
    }

    /// <summary>True when the text fits one 0x8300 for any terminal (the 2019 body has one byte less).</summary>
    public static bool TextFits(string text) => Gbk.GetByteCount(text) <= TextMessage.MaxTextBytes2019;

    /// <summary>The stored phone is 12 digits for 2011/2013 terminals and 20 for 2019 ones (the header width they use).</summary>
    static (TerminalPhone Phone, Jt808Version Version) Terminal(string digits)
    {
        var version = digits.Length > TerminalPhone.Length2013 * 2 ? Jt808Version.V2019 : Jt808Version.V2013;
        int width = version == Jt808Version.V2019 ? TerminalPhone.Length2019 : TerminalPhone.Length2013;
        return TerminalPhone.TryParse(digits, width, out var phone)
            ? (phone, version)
            : throw new DownlinkException($"The terminal phone '{digits}' is not 12 or 20 digits.");
    }

    static byte[] Frame(ushort messageId, TerminalPhone phone, Jt808Version version, ReadOnlySpan<byte> body)
    {
        var header = Jt808FrameWriter.Header(messageId, phone, (ushort)Interlocked.Increment(ref _serial), version);
        Span<byte> frame = stackalloc byte[Jt808FrameWriter.MaxFrameLength];
        int length = Jt808FrameWriter.Write(frame, header, body);
        return frame[..length].ToArray();
    }
}
