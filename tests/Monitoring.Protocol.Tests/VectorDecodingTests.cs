using System.Globalization;
using System.Text.RegularExpressions;
using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;

namespace Monitoring.Protocol.Tests;

/// <summary>
/// Every row of the shared vectors, checked field by field against the independent decode in the file's
/// <c>decoded_by_script</c> column (which agrees with what each source asserts; the source-specific assertions
/// are in the per-message test classes).
/// </summary>
public sealed class VectorDecodingTests
{
    public static TheoryData<int> AllRows => Vectors.Numbers(_ => true);

    public static TheoryData<int> LocationRows => Vectors.Numbers(v => v.MessageId == MessageIds.LocationReport);

    public static TheoryData<int> BatchRows => Vectors.Numbers(v => v.MessageId == MessageIds.LocationBatch);

    /// <summary>Frames a vector as the pipeline would (so the raw-0x7E row is recovered) and decodes it.</summary>
    internal static DecodeResult Decode(Vector vector, byte[] scratch, out Jt808Message message, out Jt808Quirks framingQuirks, bool verifyChecksum = true)
    {
        var scan = Jt808Framer.Scan(vector.Bytes, isFinalBlock: true);
        Assert.Equal(FrameScanStatus.Frame, scan.Status);
        Assert.Equal(vector.Bytes.Length - 1, scan.Consumed);
        framingQuirks = scan.Quirks;
        return Jt808Decoder.Decode(vector.Bytes.AsSpan(scan.Range), scratch, out message, verifyChecksum);
    }

    [Theory]
    [MemberData(nameof(AllRows))]
    public void Frame_status_is_what_the_vector_says(int n)
    {
        var v = Vectors.Row(n);
        var result = Decode(v, new byte[4096], out _, out _);
        var expected = !v.ChecksumOk ? Jt808Status.BadChecksum
            : v.Notes.Contains("declared body length 5, actual 4", StringComparison.Ordinal) ? Jt808Status.LengthMismatch
            : Jt808Status.Ok;
        Assert.Equal(expected, result.Status);
        if (expected == Jt808Status.BadChecksum)
        {
            Assert.Equal(Escaping.UnescapedLength(v.Bytes.AsSpan(1, v.Bytes.Length - 2)) - 1, result.Offset);
        }
    }

    [Theory]
    [MemberData(nameof(AllRows))]
    public void Header_matches_the_reference_decode(int n)
    {
        var v = Vectors.Row(n);
        var result = Decode(v, new byte[4096], out var message, out _, verifyChecksum: false);
        Assert.True(result.IsOk || result.Status == Jt808Status.LengthMismatch, result.ToString());
        string head = v.HeaderPart;
        Assert.Equal(v.MessageId, message.MessageId);
        // The reference prints the attribute word of a frame read as 2013 without the stray version flag.
        ushort attributes = message.Quirks.HasFlag(Jt808Quirks.VersionFlagOn2013)
            ? (ushort)(message.Header.Attributes & ~Jt808Header.VersionFlagBit)
            : message.Header.Attributes;
        Assert.Equal(Convert.ToUInt16(v.Field("attr", head)!, 16), attributes);
        Assert.Equal(v.Field("phone", head), message.Header.Phone.ToString());
        Assert.Equal(int.Parse(v.Field("serial", head)!, CultureInfo.InvariantCulture), message.Header.Serial);
        var expectedVersion = head.Contains("v2019", StringComparison.Ordinal) ? Jt808Version.V2019 : Jt808Version.V2013;
        Assert.Equal(expectedVersion, message.Header.Version);
        if (head.Contains("v2019", StringComparison.Ordinal))
        {
            Assert.Equal(int.Parse(v.Field("protoVer", head)!, CultureInfo.InvariantCulture), message.Header.ProtocolVersion);
        }

        var split = Regex.Match(head, @"subpkg (\d+)/(\d+)");
        Assert.Equal(split.Success, message.Header.IsSubpackage);
        if (split.Success)
        {
            Assert.Equal(int.Parse(split.Groups[1].Value, CultureInfo.InvariantCulture), message.Header.PackageIndex);
            Assert.Equal(int.Parse(split.Groups[2].Value, CultureInfo.InvariantCulture), message.Header.PackageTotal);
        }

        Assert.Equal(head.Contains("read as 2013", StringComparison.Ordinal), message.Quirks.HasFlag(Jt808Quirks.VersionFlagOn2013));
    }

    [Theory]
    [MemberData(nameof(LocationRows))]
    public void Location_matches_the_reference_decode(int n)
    {
        var v = Vectors.Row(n);
        Decode(v, new byte[4096], out var message, out _, verifyChecksum: false);
        Assert.True(LocationReport.TryRead(message, out var report).IsOk);
        string body = v.Decoded.Split(" | ")[1];
        AssertLocation(body, report);
    }

    [Theory]
    [MemberData(nameof(BatchRows))]
    public void Batch_matches_the_reference_decode(int n)
    {
        var v = Vectors.Row(n);
        Decode(v, new byte[4096], out var message, out _, verifyChecksum: false);
        Assert.True(LocationBatch.TryRead(message, out var batch).IsOk);
        string body = v.Decoded[(v.Decoded.IndexOf(" | ", StringComparison.Ordinal) + 3)..];
        Assert.Equal(int.Parse(v.Field("count", body)!, CultureInfo.InvariantCulture), batch.DeclaredCount);
        Assert.Equal(int.Parse(v.Field("type", body)!, CultureInfo.InvariantCulture), batch.Type);
        var items = Regex.Matches(body, @"#\d+:\{(.*?)\}(?= \| #|$)").Select(m => m.Groups[1].Value).Where(s => s.Length > 0).ToList();
        Assert.Equal(items.Count, batch.Count);
        int i = 0;
        foreach (var location in batch)
        {
            AssertLocation(items[i++], location);
        }
    }

    static void AssertLocation(string expected, LocationReport report)
    {
        var basic = report.Basic;
        Assert.Equal(Convert.ToUInt32(Field(expected, "alarm"), 16), basic.Alarm);
        Assert.Equal(Convert.ToUInt32(Field(expected, "status"), 16), basic.Status);
        Assert.Equal(uint.Parse(Field(expected, "lat"), CultureInfo.InvariantCulture), basic.LatitudeRaw);
        Assert.Equal(uint.Parse(Field(expected, "lon"), CultureInfo.InvariantCulture), basic.LongitudeRaw);
        Assert.Equal(short.Parse(Field(expected, "alt").TrimEnd('m'), CultureInfo.InvariantCulture), basic.Altitude);
        Assert.Equal(ushort.Parse(Field(expected, "speed").Split('(')[0], CultureInfo.InvariantCulture), basic.Speed);
        Assert.Equal(ushort.Parse(Field(expected, "dir"), CultureInfo.InvariantCulture), basic.Direction);
        string time = Regex.Match(expected, @"time=(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)").Groups[1].Value;
        Assert.True(basic.Time.TryGetDateTime(out var deviceTime));
        Assert.Equal(time, deviceTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));

        var itemsText = Regex.Match(expected, @"items:\[(.*)\]");
        int expectedItems = 0;
        bool truncated = false;
        if (itemsText.Success)
        {
            foreach (string item in itemsText.Groups[1].Value.Split("; "))
            {
                if (item.Contains("TRUNCATED", StringComparison.Ordinal))
                {
                    truncated = true;
                }
                else
                {
                    expectedItems++;
                }
            }
        }

        Assert.Equal(expectedItems, report.ItemCount);
        Assert.Equal(truncated, !report.Trailing.IsEmpty);
    }

    static string Field(string text, string name) =>
        Regex.Match(text, $@"(?<![A-Za-z]){name}=([^,\]\}}\s\[]+)").Groups[1].Value is { Length: > 0 } value
            ? value
            : throw new Xunit.Sdk.XunitException($"no {name} in {text}");
}
