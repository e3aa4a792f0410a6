using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;

namespace Monitoring.Protocol.Tests;

/// <summary>
/// The hot path allocates nothing: framing, decoding and reading every 0x0200/0x0704 vector into its values
/// (header, alarm, status, position, speed, time, every additional item) measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// </summary>
public sealed class ZeroAllocationTests
{
    [Fact]
    public void Decoding_every_location_and_batch_vector_allocates_nothing()
    {
        byte[][] frames = Vectors.Rows
            .Where(v => v.MessageId is MessageIds.LocationReport or MessageIds.LocationBatch)
            .Select(v => v.Bytes)
            .ToArray();
        Assert.True(frames.Length >= 25);
        var scratch = new byte[Jt808Framer.MaxEscapedContentLength];

        long checksum = DecodeAll(frames, scratch); // warm-up: JIT, statics, GBK provider
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            checksum += DecodeAll(frames, scratch);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    static long DecodeAll(byte[][] frames, byte[] scratch)
    {
        long sum = 0;
        foreach (byte[] bytes in frames)
        {
            ReadOnlySpan<byte> rest = bytes;
            while (true)
            {
                var scan = Jt808Framer.Scan(rest, isFinalBlock: true);
                if (scan.Status == FrameScanStatus.Frame)
                {
                    sum += DecodeFrame(rest[scan.Range], scratch);
                }

                if (scan.Status == FrameScanStatus.NeedMoreData || scan.Consumed == 0)
                {
                    break;
                }

                rest = rest[scan.Consumed..];
            }
        }

        return sum;
    }

    static long DecodeFrame(ReadOnlySpan<byte> frame, byte[] scratch)
    {
        // Bad-checksum captures are read too, so that every vector's body is exercised.
        var result = Jt808Decoder.Decode(frame, scratch, out var message, verifyChecksum: false);
        if (!result.IsOk)
        {
            return (long)result.Status;
        }

        long sum = message.Header.Serial + (long)message.Header.Phone.Low;
        if (LocationReport.TryRead(message, out var report).IsOk)
        {
            sum += Location(report);
        }
        else if (LocationBatch.TryRead(message, out var batch).IsOk)
        {
            foreach (var location in batch)
            {
                sum += Location(location);
            }
        }

        return sum;
    }

    static long Location(LocationReport report)
    {
        var b = report.Basic;
        long sum = b.Alarm + b.Status + b.LatitudeMicrodegrees + b.LongitudeMicrodegrees + b.Altitude + b.Speed + b.Direction;
        if (b.Time.TryGetInstant(Jt808Time.Gmt8, out var instant))
        {
            sum += instant.ToUnixTimeSeconds();
        }

        foreach (var item in report.Items)
        {
            sum += item.Id + item.Value.Length;
        }

        var standard = StandardItems.Read(report);
        sum += (standard.Odometer ?? 0) + (standard.Satellites ?? 0);
        return sum;
    }
}
