using Monitoring.Protocol.Bodies;

namespace Monitoring.Protocol.Tests;

/// <summary>Responses, platform messages and parameter lists from the vectors, as the sources assert.</summary>
public sealed class PlatformMessageTests
{
    static Jt808Message Decode(int row, byte[] scratch)
    {
        var result = VectorDecodingTests.Decode(Vectors.Row(row), scratch, out var message, out _);
        Assert.True(result.IsOk, result.ToString());
        return message;
    }

    [Theory]
    [InlineData(24, 1000, 0x0002, 0)]
    [InlineData(25, 100, 0x0200, 0)]
    [InlineData(59, 123, 456, 3)]
    [InlineData(60, 123, 456, 3)]
    public void General_responses(int row, int serial, int id, int result)
    {
        var message = Decode(row, new byte[256]);
        Assert.True(GeneralResponse.TryRead(message.Body, out var response).IsOk);
        Assert.Equal(new GeneralResponse((ushort)serial, (ushort)id, (byte)result), response);
    }

    [Theory]
    [InlineData(26, 100, 0, "zssdaf23124sfdsc")]
    [InlineData(27, 100, 4, "")]
    [InlineData(72, 38668, 0, "chwD0SE1fchwD0SE1fchwD0SE1f")]
    [InlineData(73, 38668, 0, "chwD0SE1fchwD0SE1fchwD0SE1f")]
    public void Registration_responses(int row, int serial, int result, string code)
    {
        var message = Decode(row, new byte[256]);
        Assert.True(RegistrationResponse.TryRead(message.Body, out var response).IsOk);
        Assert.Equal(serial, response.AnsweredSerial);
        Assert.Equal(result, response.Result);
        Assert.Equal(code, response.GetAuthCode());
    }

    [Theory]
    [InlineData(29, 5, 0, "smallchi 518")]
    [InlineData(30, 5, 1, "smallchi 518")]
    [InlineData(74, 63, 0, "测试123@456#abc!...结束")]
    [InlineData(75, 63, 1, "测试123@456#abc!...结束")]
    public void Text_messages(int row, int flags, int textType, string text)
    {
        var message = Decode(row, new byte[256]);
        Assert.True(TextMessage.TryRead(message.Body, message.Header.Version, out var t).IsOk);
        Assert.Equal(flags, t.Flags);
        Assert.Equal(textType, t.TextType);
        Assert.Equal(text, t.GetText());
    }

    [Fact]
    public void Row_31_sets_one_parameter()
    {
        var message = Decode(31, new byte[256]);
        Assert.Equal("000123456789", message.Header.Phone.ToString());
        Assert.True(ParameterSettings.TryRead(message.Body, out var settings).IsOk);
        Assert.Equal(1, settings.Count);
        foreach (var item in settings.Items)
        {
            Assert.Equal(0x0001u, item.Id);
            Assert.True(item.TryGetNumber(out uint value));
            Assert.Equal(10u, value);
        }
    }

    [Fact]
    public void Row_32_parameter_answer_reads_items_by_their_declared_length()
    {
        var message = Decode(32, new byte[256]);
        Assert.True(ParameterAnswer.TryRead(message.Body, out var answer).IsOk);
        // The device declares 9 and sends 7: every whole item is read.
        Assert.Equal(9, answer.DeclaredCount);
        Assert.Equal(7, answer.Count);
        Assert.True(answer.Trailing.IsEmpty);
        var values = new Dictionary<uint, uint>();
        var lengths = new Dictionary<uint, int>();
        foreach (var item in answer.Items)
        {
            lengths[item.Id] = item.Value.Length;
            if (item.TryGetNumber(out uint v))
            {
                values[item.Id] = v;
            }
        }

        Assert.Equal(120u, values[0x0055]);
        Assert.Equal(0u, values[0x0056]);
        Assert.Equal(808u, values[0x0018]);
        Assert.Equal(1, lengths[0x0017]);
        Assert.Equal(16, lengths[0x0013]);
    }

    [Fact]
    public void Row_33_server_time_is_utc()
    {
        var message = Decode(33, new byte[256]);
        Assert.True(ServerTime.TryRead(message.Body, out var time).IsOk);
        Assert.True(time.Utc.TryGetDateTime(out var t));
        Assert.Equal(new DateTime(2019, 12, 2, 10, 10, 10), t);
    }

    [Fact]
    public void Row_54_encrypted_body_is_kept_opaque()
    {
        var message = Decode(54, new byte[256]);
        Assert.True(message.Header.IsEncrypted);
        Assert.False(message.Header.IsSubpackage);
        Assert.Equal(5, message.Body.Length);
        Assert.Equal(Jt808Status.Encrypted, LocationReport.TryRead(message, out _).Status);
    }

    [Fact]
    public void Row_55_bare_escape_checksum_is_accepted_and_flagged()
    {
        var message = Decode(55, new byte[256]);
        Assert.Equal(MessageIds.Heartbeat, message.MessageId);
        Assert.True(message.Quirks.HasFlag(Jt808Quirks.BareEscapeChecksum));
    }

    [Fact]
    public void Row_13_and_14_version_flag_on_2013_frames_read_as_2013()
    {
        foreach (int row in new[] { 13, 14 })
        {
            var message = Decode(row, new byte[256]);
            Assert.Equal(Jt808Version.V2013, message.Header.Version);
            Assert.Equal("010030000681", message.Header.Phone.ToString());
            Assert.True(message.Quirks.HasFlag(Jt808Quirks.VersionFlagOn2013));
        }
    }

    [Fact]
    public void Row_168_raw_flag_inside_is_recovered_by_the_framer()
    {
        var v = Vectors.Row(168);
        var result = VectorDecodingTests.Decode(v, new byte[256], out var message, out var framing);
        Assert.True(result.IsOk);
        Assert.Equal(Jt808Quirks.UnescapedFlagInside, framing);
        Assert.True(LocationReport.TryRead(message, out var report).IsOk);
        Assert.Equal(108964388, report.Basic.LongitudeMicrodegrees);
        Assert.Equal(34224812, report.Basic.LatitudeMicrodegrees);
    }
}
