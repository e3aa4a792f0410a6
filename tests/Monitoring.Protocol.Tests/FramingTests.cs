using System.Buffers;
using Monitoring.Protocol.Framing;

namespace Monitoring.Protocol.Tests;

public sealed class FramingTests
{
    static readonly byte[] Heartbeat = Convert.FromHexString("7E0002000001234567890100008A7E");
    static readonly byte[] Location = Vectors.Row(4).Bytes;

    static List<byte[]> Split(ReadOnlySpan<byte> stream, bool isFinalBlock, out int kept)
    {
        var frames = new List<byte[]>();
        int position = 0;
        while (true)
        {
            var scan = Jt808Framer.Scan(stream[position..], isFinalBlock);
            if (scan.Status == FrameScanStatus.Frame)
            {
                frames.Add(stream[position..][scan.Range].ToArray());
            }

            position += scan.Consumed;
            if (scan.Status == FrameScanStatus.NeedMoreData || position >= stream.Length)
            {
                break;
            }
        }

        kept = stream.Length - position;
        return frames;
    }

    [Fact]
    public void Glued_frames_share_nothing_and_both_come_out()
    {
        byte[] stream = [.. Heartbeat, .. Location];
        var frames = Split(stream, isFinalBlock: false, out int kept);
        Assert.Equal(2, frames.Count);
        Assert.Equal(Heartbeat[1..^1], frames[0]);
        Assert.Equal(Location[1..^1], frames[1]);
        Assert.Equal(1, kept);
    }

    [Fact]
    public void Garbage_before_and_between_frames_is_skipped_and_after_the_last_is_kept_for_inspection()
    {
        byte[] stream = [0x01, 0x02, .. Heartbeat, 0x7E, .. Location, 0xAA];
        var first = Jt808Framer.Scan(stream, isFinalBlock: true);
        Assert.Equal(2, first.Skipped);
        var frames = Split(stream, isFinalBlock: true, out _);
        Assert.Equal(3, frames.Count);
        Assert.Equal(Heartbeat[1..^1], frames[0]);
        Assert.Equal(Location[1..^1], frames[1]);
        Assert.Equal(new byte[] { 0xAA }, frames[2]);
        Assert.Equal(Jt808Status.Truncated, Jt808Decoder.Decode(frames[2], new byte[8], out _).Status);
    }

    [Fact]
    public void A_half_frame_waits_for_the_rest()
    {
        byte[] stream = [.. Heartbeat, .. Location[..40]];
        var frames = Split(stream, isFinalBlock: false, out int kept);
        Assert.Single(frames);
        Assert.Equal(40, kept);
        Assert.Equal(Location[..40], stream[^kept..]);
    }

    [Fact]
    public void A_half_frame_at_the_end_of_a_final_block_is_returned_for_inspection()
    {
        var frames = Split(Location[..40], isFinalBlock: true, out _);
        Assert.Single(frames);
        Assert.Equal(Location[1..40], frames[0]);
        Assert.False(Jt808Decoder.Decode(frames[0], new byte[64], out _).IsOk);
    }

    [Fact]
    public void Content_longer_than_any_frame_is_skipped_as_too_long()
    {
        byte[] stream = [0x7E, .. Enumerable.Repeat((byte)0x11, Jt808Framer.MaxEscapedContentLength + 1), 0x7E, .. Heartbeat];
        var first = Jt808Framer.Scan(stream, isFinalBlock: false);
        Assert.Equal(FrameScanStatus.FrameTooLong, first.Status);
        var second = Jt808Framer.Scan(stream.AsSpan(first.Consumed), isFinalBlock: false);
        Assert.Equal(FrameScanStatus.Frame, second.Status);
    }

    [Fact]
    public void A_start_flag_without_an_end_never_holds_more_than_one_frame()
    {
        byte[] stream = [0x7E, .. Enumerable.Repeat((byte)0x11, Jt808Framer.MaxEscapedContentLength + 10)];
        var scan = Jt808Framer.Scan(stream, isFinalBlock: false);
        Assert.Equal(FrameScanStatus.FrameTooLong, scan.Status);
        Assert.Equal(stream.Length, scan.Consumed);
    }

    [Fact]
    public void Raw_flag_inside_a_frame_that_is_followed_by_other_frames_is_still_recovered()
    {
        byte[] stream = [.. Heartbeat, .. Vectors.Row(168).Bytes, .. Location];
        var frames = Split(stream, isFinalBlock: true, out _);
        Assert.Equal(3, frames.Count);
        Assert.Equal(Vectors.Row(168).Bytes[1..^1], frames[1]);
        Assert.Equal(Location[1..^1], frames[2]);
    }

    [Fact]
    public void A_truncated_frame_is_not_glued_to_the_next_one()
    {
        byte[] truncated = [.. Location[..50], 0x7E];
        byte[] stream = [.. truncated, .. Heartbeat];
        var frames = Split(stream, isFinalBlock: true, out _);
        Assert.Equal(2, frames.Count);
        Assert.Equal(Location[1..50], frames[0]);
        Assert.Equal(Heartbeat[1..^1], frames[1]);
    }

    [Fact]
    public void Sequence_reader_finds_frames_across_segments()
    {
        byte[] stream = [0x55, .. Heartbeat, .. Location, .. Heartbeat];
        for (int cut = 1; cut < stream.Length; cut += 7)
        {
            var sequence = Segments(stream[..cut], stream[cut..]);
            var reader = new SequenceReader<byte>(sequence);
            var found = new List<byte[]>();
            while (Jt808Framer.TryReadFrame(ref reader, isFinalBlock: true, out var frame, out _, out _))
            {
                found.Add(frame.ToArray());
            }

            Assert.Equal(3, found.Count);
            Assert.Equal(Location[1..^1], found[1]);
        }
    }

    static ReadOnlySequence<byte> Segments(byte[] first, byte[] second)
    {
        var head = new Segment(first, 0);
        var tail = head.Append(second);
        return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
    }

    sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
