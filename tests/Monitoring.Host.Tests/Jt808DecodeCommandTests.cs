using System.Globalization;
using System.Text.Json;
using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;

namespace Monitoring.Host.Tests;

/// <summary>`monitoring jt808 decode`: the JSON contract of issue #2 over every shared vector.</summary>
public sealed class Jt808DecodeCommandTests
{
    static readonly string[][] Rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "jt808-vectors.tsv"))
        .Skip(1)
        .Select(line => line.Split('\t'))
        .ToArray();

    static List<JsonElement> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    [Fact]
    public void Prints_the_documented_fields_for_a_location()
    {
        // The example of the issue, built with the codec's own writer.
        var basic = new LocationBasic(0, 1027, 22_601_623, 113_860_715, 44, 0, 171, Jt808Time.FromDateTime(new DateTime(2025, 4, 17, 17, 0, 23)));
        var body = new byte[64];
        int length = LocationReport.Write(body, basic, [0x01, 0x04, 0x00, 0x00, 0x0C, 0x53]);
        var frame = new byte[128];
        int written = Jt808FrameWriter.Write(frame, Jt808FrameWriter.Header(MessageIds.LocationReport, TerminalPhone.Parse("012040000004"), 412, Jt808Version.V2013), body.AsSpan(0, length));

        var (exit, output, _) = Cli.Run("jt808", "decode", Convert.ToHexString(frame, 0, written));

        Assert.Equal(0, exit);
        var json = Assert.Single(Lines(output));
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal("0x0200", json.GetProperty("messageId").GetString());
        Assert.Equal(2013, json.GetProperty("version").GetInt32());
        Assert.Equal("012040000004", json.GetProperty("phone").GetString());
        Assert.Equal(412, json.GetProperty("serial").GetInt32());
        var location = json.GetProperty("location");
        Assert.Equal(0, location.GetProperty("alarm").GetInt64());
        Assert.Equal(1027, location.GetProperty("status").GetInt64());
        Assert.Equal(22.601623m, location.GetProperty("latitude").GetDecimal());
        Assert.Equal(113.860715m, location.GetProperty("longitude").GetDecimal());
        Assert.Equal(44, location.GetProperty("altitude").GetInt32());
        Assert.Equal("0.0", location.GetProperty("speedKmh").GetRawText());
        Assert.Equal(171, location.GetProperty("direction").GetInt32());
        Assert.Equal("2025-04-17T17:00:23+08:00", location.GetProperty("time").GetString());
        var item = Assert.Single(location.GetProperty("items").EnumerateArray());
        Assert.Equal(1, item.GetProperty("id").GetInt32());
        Assert.Equal(4, item.GetProperty("length").GetInt32());
        Assert.Equal("00000C53", item.GetProperty("hex").GetString());
        Assert.Contains("\"location\":{\"alarm\":0,\"status\":1027,\"latitude\":22.601623,\"longitude\":113.860715,\"altitude\":44,\"speedKmh\":0.0,\"direction\":171,\"time\":\"2025-04-17T17:00:23+08:00\",\"items\":[{\"id\":1,\"length\":4,\"hex\":\"00000C53\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_shared_vector_answers_with_its_header_or_its_error()
    {
        foreach (string[] row in Rows)
        {
            var (exit, output, _) = Cli.Run("jt808", "decode", row[6]);
            var json = Lines(output)[0];
            string context = $"row {row[0]}: {output}";
            bool checksumOk = row[4] == "yes";
            bool lengthNegative = row[9].Contains("declared body length 5, actual 4", StringComparison.Ordinal);
            if (!checksumOk || lengthNegative)
            {
                Assert.True(exit == 1, context);
                Assert.False(json.GetProperty("ok").GetBoolean(), context);
                Assert.Equal(checksumOk ? "LengthMismatch" : "BadChecksum", json.GetProperty("error").GetString());
                Assert.True(json.GetProperty("offset").GetInt32() > 0, context);
                continue;
            }

            Assert.True(exit == 0, context);
            Assert.True(json.GetProperty("ok").GetBoolean(), context);
            Assert.Equal(row[3], json.GetProperty("messageId").GetString());
            int expectedVersion = row[2].StartsWith("2019", StringComparison.Ordinal) ? 2019 : row[2] == "2011" && row[3] == "0x0100" ? 2011 : 2013;
            Assert.True(expectedVersion == json.GetProperty("version").GetInt32(), context);
            string decoded = row[8];
            string phone = decoded[(decoded.IndexOf("phone=", StringComparison.Ordinal) + 6)..].Split(',')[0];
            Assert.Equal(phone, json.GetProperty("phone").GetString());
            string serial = decoded[(decoded.IndexOf("serial=", StringComparison.Ordinal) + 7)..].Split([' ', ','])[0];
            Assert.Equal(int.Parse(serial, CultureInfo.InvariantCulture), json.GetProperty("serial").GetInt32());
            if (row[3] == "0x0200")
            {
                Assert.True(json.TryGetProperty("location", out _), context);
            }

            if (row[3] == "0x0704")
            {
                Assert.True(json.GetProperty("batch").GetProperty("locations").GetArrayLength() > 0, context);
            }
        }
    }

    [Fact]
    public void A_batch_prints_its_type_and_every_location()
    {
        string hex = Rows.Single(r => r[0] == "15")[6];
        var (exit, output, _) = Cli.Run("jt808", "decode", hex);
        Assert.Equal(0, exit);
        var batch = Lines(output)[0].GetProperty("batch");
        Assert.Equal(0, batch.GetProperty("type").GetInt32());
        var locations = batch.GetProperty("locations").EnumerateArray().ToList();
        Assert.Equal(2, locations.Count);
        Assert.Equal("2018-07-15T10:10:30+08:00", locations[1].GetProperty("time").GetString());
        Assert.Equal(13.333333m, locations[1].GetProperty("latitude").GetDecimal());
        Assert.Equal("5.4", locations[1].GetProperty("speedKmh").GetRawText());
    }

    [Fact]
    public void Several_frames_in_one_argument_with_spaces_print_one_line_each_and_fail_if_any_fails()
    {
        string good = Rows.Single(r => r[0] == "22")[6];
        string bad = Rows.Single(r => r[0] == "56")[6];
        string spaced = string.Join(' ', Enumerable.Range(0, good.Length / 2).Select(i => good.Substring(i * 2, 2)));
        var (exit, output, _) = Cli.Run("jt808", "decode", spaced + bad + good);
        var lines = Lines(output);
        Assert.Equal(3, lines.Count);
        Assert.True(lines[0].GetProperty("ok").GetBoolean());
        Assert.Equal("BadChecksum", lines[1].GetProperty("error").GetString());
        Assert.True(lines[2].GetProperty("ok").GetBoolean());
        Assert.Equal(1, exit);
    }

    [Fact]
    public void Split_parts_given_together_print_the_reassembled_message()
    {
        var (exit, output, _) = Cli.Run("jt808", "decode", Rows.Single(r => r[0] == "34")[6], Rows.Single(r => r[0] == "35")[6]);
        Assert.Equal(0, exit);
        var lines = Lines(output);
        Assert.Equal(3, lines.Count);
        Assert.Equal(1, lines[0].GetProperty("subpackage").GetProperty("index").GetInt32());
        Assert.Equal(2, lines[2].GetProperty("reassembledParts").GetInt32());
        Assert.True(lines[2].GetProperty("parameters").GetProperty("items").GetArrayLength() > 10);
    }

    [Fact]
    public void Bad_hex_is_an_error_with_its_position()
    {
        var (exit, output, _) = Cli.Run("jt808", "decode", "7E02XZ");
        Assert.Equal(1, exit);
        var json = Lines(output)[0];
        Assert.Equal("BadHex", json.GetProperty("error").GetString());
        Assert.Equal(4, json.GetProperty("offset").GetInt32());
    }

    [Fact]
    public void Ignore_checksum_decodes_a_capture_but_still_fails()
    {
        var (exit, output, _) = Cli.Run("jt808", "decode", "--ignore-checksum", Rows.Single(r => r[0] == "7")[6]);
        Assert.Equal(1, exit);
        var json = Lines(output)[0];
        Assert.False(json.GetProperty("checksumValid").GetBoolean());
        Assert.Equal(75.9m, json.GetProperty("location").GetProperty("speedKmh").GetDecimal());
    }

    [Fact]
    public void Reads_standard_input_line_by_line_when_no_argument_is_given()
    {
        string input = string.Join('\n', Rows.Take(5).Select(r => r[6])) + "\n";
        var original = Console.In;
        try
        {
            Console.SetIn(new StringReader(input));
            var (exit, output, _) = Cli.Run("jt808", "decode");
            Assert.Equal(1, exit);
            Assert.Equal(5, Lines(output).Count);
        }
        finally
        {
            Console.SetIn(original);
        }
    }
}
