using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;

namespace Monitoring.Protocol.Tests;

/// <summary>Encode, then decode: the same values come back, whatever needs escaping.</summary>
public sealed class RoundTripTests
{
    static readonly TerminalPhone Phone = TerminalPhone.Parse("013912344321");

    public static TheoryData<Jt808Version> Versions => [Jt808Version.V2013, Jt808Version.V2019];

    static Jt808Message Frame(ushort id, Jt808Version version, ReadOnlySpan<byte> body, byte[] frame, byte[] scratch, ushort serial = 0x7E7D)
    {
        int length = Jt808FrameWriter.Write(frame, Jt808FrameWriter.Header(id, Phone, serial, version), body);
        Assert.Equal(0x7E, frame[0]);
        Assert.Equal(0x7E, frame[length - 1]);
        Assert.Equal(-1, frame.AsSpan(1, length - 2).IndexOf((byte)0x7E));
        var result = Jt808Decoder.Decode(frame.AsSpan(0, length), scratch, out var message);
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(id, message.MessageId);
        Assert.Equal(version, message.Header.Version);
        Assert.Equal(Phone, message.Header.Phone);
        Assert.Equal(serial, message.Header.Serial);
        Assert.Equal(body.ToArray(), message.Body.ToArray());
        return message;
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void General_response_0x8001(Jt808Version version)
    {
        Span<byte> body = stackalloc byte[GeneralResponse.Length];
        var sent = new GeneralResponse(0x7D7E, MessageIds.LocationReport, GeneralResponse.AlarmConfirmed);
        sent.Write(body);
        var message = Frame(MessageIds.PlatformGeneralResponse, version, body, new byte[64], new byte[64]);
        Assert.True(GeneralResponse.TryRead(message.Body, out var read).IsOk);
        Assert.Equal(sent, read);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Registration_response_0x8100(Jt808Version version)
    {
        Span<byte> body = stackalloc byte[64];
        int length = RegistrationResponse.Write(body, 0x1234, RegistrationResponse.Success, "鉴权码~}");
        var message = Frame(MessageIds.RegistrationResponse, version, body[..length], new byte[128], new byte[128]);
        Assert.True(RegistrationResponse.TryRead(message.Body, out var read).IsOk);
        Assert.Equal(0x1234, read.AnsweredSerial);
        Assert.Equal("鉴权码~}", read.GetAuthCode());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Resend_request_0x8003(Jt808Version version)
    {
        Span<byte> body = stackalloc byte[64];
        ushort[] missing = [2, 0x7E, 0x7D, 9];
        int length = ResendRequest.Write(body, version, 0x2031, missing);
        var message = Frame(MessageIds.ResendRequest, version, body[..length], new byte[128], new byte[128]);
        Assert.True(ResendRequest.TryRead(message.Body, version, out var read).IsOk);
        Assert.Equal(0x2031, read.FirstSerial);
        Assert.Equal(missing.Length, read.Count);
        for (int i = 0; i < missing.Length; i++)
        {
            Assert.Equal(missing[i], read.IndexAt(i));
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Alarm_confirmation_0x8203(Jt808Version version)
    {
        Span<byte> body = stackalloc byte[AlarmConfirmation.Length];
        var sent = new AlarmConfirmation(0x007E, AlarmBits.Emergency | AlarmBits.DangerWarning);
        sent.Write(body);
        var message = Frame(MessageIds.AlarmConfirmation, version, body, new byte[64], new byte[64]);
        Assert.True(AlarmConfirmation.TryRead(message.Body, out var read).IsOk);
        Assert.Equal(sent, read);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Text_message_0x8300_with_tts_and_gbk_text(Jt808Version version)
    {
        Span<byte> body = stackalloc byte[256];
        const string Text = "您已超速行驶，请减速慢行！湘N·12345";
        int length = TextMessage.Write(body, version, TextMessage.Display | TextMessage.Tts, Text, TextMessage.TextTypeService);
        var message = Frame(MessageIds.TextMessage, version, body[..length], new byte[256], new byte[256]);
        Assert.True(TextMessage.TryRead(message.Body, version, out var read).IsOk);
        Assert.True(read.IsTts);
        Assert.Equal(TextMessage.Display | TextMessage.Tts, read.Flags);
        Assert.Equal(version == Jt808Version.V2019 ? TextMessage.TextTypeService : 0, read.TextType);
        Assert.Equal(Text, read.GetText());
        Assert.Equal(Gbk.Encoding.GetByteCount(Text), read.Text.Length);
    }

    [Fact]
    public void Text_message_matches_the_vector_bytes()
    {
        // Row 74: flags 0x3F, text "测试123@456#abc!...结束", phone 123456789012, serial 1.
        Span<byte> body = stackalloc byte[64];
        int length = TextMessage.Write(body, Jt808Version.V2013, 0x3F, "测试123@456#abc!...结束");
        var frame = new byte[128];
        int written = Jt808FrameWriter.Write(frame, Jt808FrameWriter.Header(MessageIds.TextMessage, TerminalPhone.Parse("123456789012"), 1, Jt808Version.V2013), body[..length]);
        Assert.Equal(Vectors.Row(74).Hex, Convert.ToHexString(frame, 0, written));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Set_parameters_0x8103_overspeed_and_fatigue(Jt808Version version)
    {
        NumericParameter[] sent =
        [
            new(ParameterSettings.MaxSpeedKmh, 100),
            new(ParameterSettings.OverspeedDurationSeconds, 30),
            new(ParameterSettings.ContinuousDrivingLimitSeconds, 4 * 3600),
            new(ParameterSettings.DailyDrivingLimitSeconds, 8 * 3600),
            new(ParameterSettings.MinimumRestSeconds, 20 * 60),
            new(ParameterSettings.MaximumParkingSeconds, 0x7E7D),
            new(ParameterSettings.OverspeedWarningMarginDeciKmh, 50),
            new(ParameterSettings.FatigueWarningMarginSeconds, 1800),
        ];
        Span<byte> body = stackalloc byte[128];
        int length = ParameterSettings.Write(body, sent);
        var message = Frame(MessageIds.SetParameters, version, body[..length], new byte[256], new byte[256]);
        Assert.True(ParameterSettings.TryRead(message.Body, out var read).IsOk);
        Assert.Equal(sent.Length, read.DeclaredCount);
        var back = new List<NumericParameter>();
        foreach (var item in read.Items)
        {
            Assert.Equal(ParameterSettings.WidthOf(item.Id), item.Value.Length);
            Assert.True(item.TryGetNumber(out uint value));
            back.Add(new NumericParameter(item.Id, value));
        }

        Assert.Equal(sent, back);
    }

    [Fact]
    public void Set_parameters_matches_the_vector_bytes()
    {
        // Row 31: one parameter 0x0001 = 10, phone 000123456789, serial 10.
        Span<byte> body = stackalloc byte[16];
        int length = ParameterSettings.Write(body, [new NumericParameter(0x0001, 10)]);
        var frame = new byte[64];
        int written = Jt808FrameWriter.Write(frame, Jt808FrameWriter.Header(MessageIds.SetParameters, TerminalPhone.Parse("000123456789"), 10, Jt808Version.V2013), body[..length]);
        Assert.Equal(Vectors.Row(31).Hex, Convert.ToHexString(frame, 0, written));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Location_0x0200_with_items(Jt808Version version)
    {
        var basic = LocationBasic.Create(AlarmBits.Overspeed, StatusBits.AccOn | StatusBits.Positioned, 27.550300, 109.998600, 226, 112.3, 7, Jt808Time.FromDateTime(new DateTime(2026, 3, 2, 10, 0, 30)));
        byte[] items = [AdditionalItemIds.Odometer, 4, 0, 0, 0x7E, 0x7D, AdditionalItemIds.Satellites, 1, 12];
        Span<byte> body = stackalloc byte[64];
        int length = LocationReport.Write(body, basic, items);
        var message = Frame(MessageIds.LocationReport, version, body[..length], new byte[128], new byte[128]);
        Assert.True(LocationReport.TryRead(message, out var read).IsOk);
        Assert.Equal(basic, read.Basic);
        var standard = StandardItems.Read(read);
        Assert.Equal(0x7E7Du, standard.Odometer);
        Assert.Equal((byte)12, standard.Satellites);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Batch_0x0704(Jt808Version version)
    {
        var time = new DateTime(2026, 3, 2, 10, 0, 0);
        Span<byte> body = stackalloc byte[512];
        int length = LocationBatch.WriteHeader(body, 5, LocationBatch.BlindAreaBackfill);
        var sent = new List<LocationBasic>();
        for (int i = 0; i < 5; i++)
        {
            var basic = LocationBasic.Create(0, StatusBits.Positioned, 27.5 + i / 1000.0, 110 + i / 1000.0, 200, 60 + i, 90, Jt808Time.FromDateTime(time.AddSeconds(30 * i)));
            sent.Add(basic);
            length += LocationBatch.WriteItem(body[length..], basic, [AdditionalItemIds.SignalStrength, 1, (byte)(0x7C + i)]);
        }

        var message = Frame(MessageIds.LocationBatch, version, body[..length], new byte[1024], new byte[1024]);
        Assert.True(LocationBatch.TryRead(message, out var batch).IsOk);
        Assert.Equal(LocationBatch.BlindAreaBackfill, batch.Type);
        Assert.Equal(Jt808Quirks.None, batch.Quirks);
        int n = 0;
        foreach (var location in batch)
        {
            Assert.Equal(sent[n], location.Basic);
            Assert.Equal((byte)(0x7C + n), StandardItems.Read(location).SignalStrength);
            n++;
        }

        Assert.Equal(5, n);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Registration_and_authentication(Jt808Version version)
    {
        Span<byte> body = stackalloc byte[256];
        int length = Registration.Write(body, version, 43, 1202, "70111", "GB-808", "HN00001", 2, "湘N12345");
        var message = Frame(MessageIds.Registration, version, body[..length], new byte[512], new byte[512]);
        Assert.True(Registration.TryRead(message, out var registration).IsOk);
        Assert.Equal(version, registration.Layout);
        Assert.Equal("湘N12345", registration.GetPlate());
        Assert.Equal("HN00001", registration.GetTerminalId());

        length = Authentication.Write(body, version, "token~}", "861234567890123", "V1.2.3");
        message = Frame(MessageIds.Authentication, version, body[..length], new byte[512], new byte[512]);
        Assert.True(Authentication.TryRead(message, out var auth).IsOk);
        Assert.Equal("token~}", auth.GetCode());
        if (version == Jt808Version.V2019)
        {
            Assert.Equal("861234567890123", auth.GetImei());
            Assert.Equal("V1.2.3", auth.GetSoftwareVersion());
        }
    }

    [Theory]
    [InlineData(0x7E)]
    [InlineData(0x7D)]
    public void A_check_code_that_needs_escaping_is_escaped(byte checkCode)
    {
        // Find a serial whose frame's check code is the byte in question, then check it travels escaped.
        var frame = new byte[64];
        for (int serial = 0; serial < 256; serial++)
        {
            int length = Jt808FrameWriter.Write(frame, Jt808FrameWriter.Header(MessageIds.Heartbeat, Phone, (ushort)serial, Jt808Version.V2013), []);
            var unescaped = new byte[64];
            Assert.True(Escaping.Unescape(frame.AsSpan(1, length - 2), unescaped, out int written, out _).IsOk);
            if (unescaped[written - 1] != checkCode)
            {
                continue;
            }

            Assert.Equal(0x7D, frame[length - 3]);
            Assert.Equal(checkCode == 0x7E ? 0x02 : 0x01, frame[length - 2]);
            Assert.True(Jt808Decoder.Decode(frame.AsSpan(0, length), new byte[64], out var message).IsOk);
            Assert.Equal(serial, message.Header.Serial);
            return;
        }

        Assert.Fail("no serial gave that check code");
    }

    [Fact]
    public void A_subpackaged_frame_carries_total_and_index()
    {
        var header = new Jt808Header(MessageIds.ParameterAnswer, 0, Jt808Version.V2019, 1, Phone, 7, 3, 2);
        var frame = new byte[64];
        int length = Jt808FrameWriter.Write(frame, header, [1, 2, 3]);
        Assert.True(Jt808Decoder.Decode(frame.AsSpan(0, length), new byte[64], out var message).IsOk);
        Assert.True(message.Header.IsSubpackage);
        Assert.Equal(3, message.Header.PackageTotal);
        Assert.Equal(2, message.Header.PackageIndex);
    }

    [Fact]
    public void Text_longer_than_a_frame_is_refused_by_the_writer()
    {
        var body = new byte[2048];
        Assert.Throws<ArgumentException>(() => TextMessage.Write(body, Jt808Version.V2013, TextMessage.Tts, new string('超', 600)));
    }
}
