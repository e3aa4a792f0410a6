using BenchmarkDotNet.Attributes;
using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;

namespace Monitoring.Benchmarks;

/// <summary>
/// The codec on the hot path: decode of vector row 4 (92-byte 0x0200 with all twelve 2013 items, the input of
/// SmallChi's published benchmark), decode of a 0x0704 with ten fixes, framing of a 64 KiB stream of glued
/// frames, and encode of a TTS 0x8300.
/// </summary>
[MemoryDiagnoser]
public class Jt808CodecBenchmarks
{
    static readonly byte[] Row4 = Convert.FromHexString(
        "7E0200005C11223344556622B8000000010000000200BA7F0E07E4F11C0028003C00001807151010100104000000640202003703020038040200011105010000000112060100000001011307000000020022012504000000172A0200F42B04000000F2300102310105167E");

    static readonly TerminalPhone Phone = TerminalPhone.Parse("013912344321");

    readonly byte[] _scratch = new byte[Jt808Framer.MaxEscapedContentLength];
    readonly byte[] _encoded = new byte[Jt808FrameWriter.MaxFrameLength];
    readonly byte[] _body = new byte[1024];
    byte[] _batch = [];
    byte[] _stream = [];
    int _streamFrames;

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTime(2026, 3, 2, 10, 0, 0);
        var body = new byte[1024];
        int length = LocationBatch.WriteHeader(body, 10, LocationBatch.BlindAreaBackfill);
        byte[] items = [0x01, 4, 0, 1, 0x7E, 0x20, 0x30, 1, 20, 0x31, 1, 14];
        for (int i = 0; i < 10; i++)
        {
            var basic = LocationBasic.Create(0, StatusBits.AccOn | StatusBits.Positioned, 27.55 + i * 0.001, 109.99 + i * 0.001, 230, 72.5, 45, Jt808Time.FromDateTime(start.AddSeconds(15 * i)));
            length += LocationBatch.WriteItem(body.AsSpan(length), basic, items);
        }

        var frame = new byte[Jt808FrameWriter.MaxFrameLength];
        int written = Jt808FrameWriter.Write(frame, Jt808FrameWriter.Header(MessageIds.LocationBatch, Phone, 7, Jt808Version.V2013), body.AsSpan(0, length));
        _batch = frame[..written];

        // 64 KiB of glued row-4 frames and heartbeats, as one TCP read or MQTT payload could carry.
        var heartbeat = Convert.FromHexString("7E0002000001234567890100008A7E");
        var stream = new List<byte>(65536);
        while (stream.Count + Row4.Length <= 65536)
        {
            stream.AddRange(Row4);
            _streamFrames++;
            if (stream.Count + heartbeat.Length <= 65536)
            {
                stream.AddRange(heartbeat);
                _streamFrames++;
            }
        }

        _stream = [.. stream];
    }

    /// <summary>Frame → header → basic block → every additional item, values summed so nothing is skipped.</summary>
    [Benchmark]
    public long DecodeRow4()
    {
        var result = Jt808Decoder.Decode(Row4, _scratch, out var message);
        if (!result.IsOk || !LocationReport.TryRead(message, out var report).IsOk)
        {
            return -1;
        }

        return Sum(report) + message.Header.Serial;
    }

    /// <summary>Check code and header only, to separate framing cost from the body walk.</summary>
    [Benchmark]
    public int HeaderRow4()
    {
        var result = Jt808Decoder.Decode(Row4, _scratch, out var message);
        return result.IsOk ? message.Header.Serial : -1;
    }

    [Benchmark]
    public long DecodeBatchOf10()
    {
        var result = Jt808Decoder.Decode(_batch, _scratch, out var message);
        if (!result.IsOk || !LocationBatch.TryRead(message, out var batch).IsOk)
        {
            return -1;
        }

        long sum = 0;
        foreach (var location in batch)
        {
            sum += Sum(location);
        }

        return sum;
    }

    /// <summary>Finds every frame of a 64 KiB stream (framing only).</summary>
    [Benchmark]
    public int Frame64KiB()
    {
        ReadOnlySpan<byte> rest = _stream;
        int frames = 0;
        while (true)
        {
            var scan = Jt808Framer.Scan(rest, isFinalBlock: true);
            if (scan.Status == FrameScanStatus.Frame)
            {
                frames++;
            }

            if (scan.Status == FrameScanStatus.NeedMoreData || scan.Consumed == 0)
            {
                return frames == _streamFrames ? frames : -1;
            }

            rest = rest[scan.Consumed..];
        }
    }

    [Benchmark]
    public int EncodeTts8300()
    {
        int length = TextMessage.Write(_body, Jt808Version.V2013, TextMessage.Display | TextMessage.Tts, "您已超速，请减速慢行。");
        return Jt808FrameWriter.Write(_encoded, Jt808FrameWriter.Header(MessageIds.TextMessage, Phone, 77, Jt808Version.V2013), _body.AsSpan(0, length));
    }

    static long Sum(LocationReport report)
    {
        var b = report.Basic;
        long sum = b.Alarm + b.Status + b.LatitudeMicrodegrees + b.LongitudeMicrodegrees + b.Altitude + b.Speed + b.Direction;
        if (b.Time.TryGetDateTime(out var time))
        {
            sum += time.Ticks;
        }

        foreach (var item in report.Items)
        {
            sum += item.Id + item.Value.Length;
        }

        return sum;
    }
}
