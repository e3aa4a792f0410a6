using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Monitoring.Protocol.Framing;

/// <summary>The JT/T 808 check code: XOR of every un-escaped byte from the message id to the end of the body (§3).</summary>
public static class Checksum
{
    public static byte Compute(ReadOnlySpan<byte> data)
    {
        int i = 0;
        ulong folded = 0;
        ref byte start = ref MemoryMarshal.GetReference(data);
        if (Vector256.IsHardwareAccelerated && data.Length >= Vector256<byte>.Count)
        {
            var acc = Vector256<byte>.Zero;
            for (; i <= data.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                acc ^= Vector256.LoadUnsafe(ref start, (nuint)i);
            }

            var half = acc.GetLower() ^ acc.GetUpper();
            folded = half.AsUInt64().GetElement(0) ^ half.AsUInt64().GetElement(1);
        }
        else if (Vector128.IsHardwareAccelerated && data.Length >= Vector128<byte>.Count)
        {
            var acc = Vector128<byte>.Zero;
            for (; i <= data.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                acc ^= Vector128.LoadUnsafe(ref start, (nuint)i);
            }

            folded = acc.AsUInt64().GetElement(0) ^ acc.AsUInt64().GetElement(1);
        }

        for (; i <= data.Length - sizeof(ulong); i += sizeof(ulong))
        {
            folded ^= MemoryMarshal.Read<ulong>(data[i..]);
        }

        folded ^= folded >> 32;
        folded ^= folded >> 16;
        folded ^= folded >> 8;
        byte result = (byte)folded;
        for (; i < data.Length; i++)
        {
            result ^= data[i];
        }

        return result;
    }
}
