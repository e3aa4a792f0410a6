using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;

namespace Monitoring.Protocol.Tests;

public sealed class SubpackageAssemblerTests
{
    static readonly TerminalPhone Phone = TerminalPhone.Parse("011275400381");

    [Fact]
    public void Rows_34_and_35_merge_into_one_parameter_answer()
    {
        using var assembler = new SubpackageAssembler();
        var scratch = new byte[4096];
        Assert.True(VectorDecodingTests.Decode(Vectors.Row(34), scratch, out var first, out _).IsOk);
        Assert.Equal(SubpackageStatus.Incomplete, assembler.Add(first, 0, out _));
        Assert.True(VectorDecodingTests.Decode(Vectors.Row(35), scratch, out var second, out _).IsOk);
        Assert.Equal(SubpackageStatus.Complete, assembler.Add(second, 10, out var assembled));
        using (assembled)
        {
            Assert.NotNull(assembled);
            Assert.Equal(1233, assembled.FirstPart.Serial);
            Assert.Equal(1008 + 211, assembled.Body.Length);
            Assert.True(ParameterAnswer.TryRead(assembled.Body, out var answer).IsOk);
            Assert.True(answer.Count > 0);
            Assert.True(answer.Trailing.IsEmpty);
        }

        Assert.Equal(0, assembler.PendingMessages);
        Assert.Equal(0, assembler.PendingBytes);
    }

    [Fact]
    public void Parts_in_any_order_with_interleaved_serials_make_the_body_in_index_order()
    {
        using var assembler = new SubpackageAssembler();
        ushort[] serials = [0x2031, 0x2032, 0x2035, 0x2039];
        int[] order = [3, 1, 4, 2];
        AssembledMessage? assembled = null;
        foreach (int index in order)
        {
            var status = Add(assembler, serials[index - 1], 4, index, [(byte)index, (byte)index], 0, out assembled);
            Assert.Equal(index == 2 ? SubpackageStatus.Complete : SubpackageStatus.Incomplete, status);
        }

        using (assembled)
        {
            Assert.Equal(new byte[] { 1, 1, 2, 2, 3, 3, 4, 4 }, assembled!.Body.ToArray());
            Assert.Equal(0x2031, assembled.FirstPart.Serial);
        }
    }

    [Fact]
    public void A_repeated_part_is_a_duplicate()
    {
        using var assembler = new SubpackageAssembler();
        Assert.Equal(SubpackageStatus.Incomplete, Add(assembler, 1, 2, 1, [1], 0, out _));
        Assert.Equal(SubpackageStatus.Duplicate, Add(assembler, 1, 2, 1, [1], 0, out _));
    }

    [Fact]
    public void Expired_messages_report_their_missing_parts_for_a_resend_request()
    {
        using var assembler = new SubpackageAssembler(new SubpackageLimits { Timeout = TimeSpan.FromMinutes(5) });
        Add(assembler, 0x10, 5, 1, [1], 0, out _);
        Add(assembler, 0x12, 5, 3, [3], 1000, out _);
        Assert.Empty(assembler.Expire(299_999));
        var expired = Assert.Single(assembler.Expire(300_000));
        Assert.Equal((ushort)0x10, expired.FirstSerial);
        Assert.Equal(new ushort[] { 2, 4, 5 }, expired.MissingIndices);
        Assert.Equal(0, assembler.PendingMessages);
        Assert.Equal(0, assembler.PendingBytes);
    }

    [Fact]
    public void Memory_is_bounded_by_the_limits()
    {
        using var assembler = new SubpackageAssembler(new SubpackageLimits { MaxPendingMessages = 2, MaxMessageBytes = 1500 });
        Assert.Equal(SubpackageStatus.Incomplete, Add(assembler, 1, 3, 1, new byte[1000], 0, out _, MessageIds.MultimediaUpload));
        Assert.Equal(SubpackageStatus.Rejected, Add(assembler, 2, 3, 2, new byte[1000], 0, out _, MessageIds.MultimediaUpload));
        Assert.Equal(0, assembler.PendingBytes);
        Assert.Equal(SubpackageStatus.Incomplete, Add(assembler, 1, 2, 1, [1], 0, out _, 0x0900));
        Assert.Equal(SubpackageStatus.Incomplete, Add(assembler, 1, 2, 1, [1], 0, out _, 0x0901));
        Assert.Equal(SubpackageStatus.Rejected, Add(assembler, 1, 2, 1, [1], 0, out _, 0x0902));
    }

    [Fact]
    public void A_new_first_part_with_another_serial_starts_a_new_message()
    {
        using var assembler = new SubpackageAssembler();
        Add(assembler, 100, 2, 1, [1], 0, out _);
        Assert.Equal(SubpackageStatus.Incomplete, Add(assembler, 200, 2, 1, [9], 0, out _));
        Assert.Equal(SubpackageStatus.Complete, Add(assembler, 201, 2, 2, [8], 0, out var assembled));
        using (assembled)
        {
            Assert.Equal(200, assembled!.FirstPart.Serial);
            Assert.Equal(new byte[] { 9, 8 }, assembled.Body.ToArray());
        }
    }

    static SubpackageStatus Add(SubpackageAssembler assembler, ushort serial, int total, int index, byte[] body, long now, out AssembledMessage? assembled, ushort id = MessageIds.ParameterAnswer)
    {
        var header = new Jt808Header(id, 0, Jt808Version.V2013, 0, Phone, serial, (ushort)total, (ushort)index);
        var frame = new byte[2200];
        int length = Jt808FrameWriter.Write(frame, header, body);
        Assert.True(Jt808Decoder.Decode(frame.AsSpan(0, length), new byte[2200], out var message).IsOk);
        return assembler.Add(message, now, out assembled);
    }
}
