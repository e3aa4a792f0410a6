using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;

namespace Monitoring.Protocol.Tests;

/// <summary>
/// 100,000+ mutated and random inputs through framing, decoding, every body reader and reassembly: no exception,
/// no hang (every scan makes progress), and no read past the input (the outcome does not change when the bytes
/// after the input do).
/// </summary>
public sealed class FuzzTests
{
    const int Iterations = 110_000;

    [Fact]
    public void Mutated_and_random_frames_never_throw_hang_or_read_past_the_input()
    {
        var random = new Random(20261126);
        byte[][] seeds = Vectors.Rows.Select(v => v.Bytes).ToArray();
        var scratch = new byte[Jt808Framer.MaxEscapedContentLength + 16];
        using var assembler = new SubpackageAssembler(new SubpackageLimits { MaxPendingMessages = 64, MaxPendingBytes = 1 << 20 });
        int frames = 0;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = Mutate(random, seeds, i);

            // Same input, different bytes after it: a read past the end would change the digest.
            var padded0 = new byte[input.Length + 64];
            var padded1 = new byte[input.Length + 64];
            input.CopyTo(padded0, 0);
            input.CopyTo(padded1, 0);
            padded1.AsSpan(input.Length).Fill(0x7E);
            random.NextBytes(padded0.AsSpan(input.Length));

            var (digest0, count) = Digest(padded0.AsSpan(0, input.Length), scratch, assembler, i);
            var (digest1, _) = Digest(padded1.AsSpan(0, input.Length), scratch, null, i);
            Assert.Equal(digest0, digest1);
            frames += count;
        }

        assembler.Expire(long.MaxValue);
        Assert.True(frames > Iterations / 2, $"only {frames} frames found");
    }

    static byte[] Mutate(Random random, byte[][] seeds, int i)
    {
        byte[] seed = seeds[random.Next(seeds.Length)];
        var bytes = new List<byte>(seed);
        switch (i % 8)
        {
            case 0:
                // Bit flips.
                for (int k = random.Next(1, 4); k > 0; k--)
                {
                    int at = random.Next(bytes.Count);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 1:
                // Truncation.
                bytes = bytes.Take(random.Next(1, bytes.Count)).ToList();
                break;
            case 2:
                // Flags and escapes inserted.
                for (int k = random.Next(1, 4); k > 0; k--)
                {
                    bytes.Insert(random.Next(bytes.Count), random.Next(2) == 0 ? (byte)0x7E : (byte)0x7D);
                }

                break;
            case 3:
                // Body length past the end (attributes are at 1..2 after the start flag).
                if (bytes.Count > 4)
                {
                    bytes[3] = 0xFF;
                    bytes[4] = (byte)(bytes[4] | 0x03);
                }

                break;
            case 4:
                // Glue with another seed, cut anywhere.
                bytes.AddRange(seeds[random.Next(seeds.Length)]);
                bytes = bytes.Skip(random.Next(bytes.Count / 2)).ToList();
                break;
            case 5:
                // Random bytes between flags.
                var noise = new byte[random.Next(0, 300)];
                random.NextBytes(noise);
                bytes = [0x7E, .. noise, 0x7E];
                break;
            case 6:
                // Set the subpackage, version or encryption bits on a real frame.
                if (bytes.Count > 4)
                {
                    bytes[3] ^= (byte)(0x20 << random.Next(3) | 0x04);
                }

                break;
            default:
                // Overwrite a run inside the body with random bytes (item lengths, counts).
                int start = random.Next(bytes.Count);
                for (int k = start; k < Math.Min(bytes.Count - 1, start + 6); k++)
                {
                    bytes[k] = (byte)random.Next(256);
                }

                break;
        }

        return bytes.ToArray();
    }

    static (long Digest, int Frames) Digest(ReadOnlySpan<byte> input, byte[] scratch, SubpackageAssembler? assembler, int now)
    {
        var hash = new HashCode();
        int frames = 0;
        ReadOnlySpan<byte> rest = input;
        int guard = 0;
        while (!rest.IsEmpty)
        {
            Assert.True(++guard <= input.Length + 2, "framing made no progress");
            var scan = Jt808Framer.Scan(rest, isFinalBlock: true);
            hash.Add(scan);
            if (scan.Status == FrameScanStatus.Frame)
            {
                frames++;
                var frame = rest[scan.Range];
                foreach (bool verify in new[] { true, false })
                {
                    var result = Jt808Decoder.Decode(frame, scratch, out var message, verify);
                    hash.Add(result);
                    if (result.IsOk)
                    {
                        hash.Add(ReadBodies(message));
                        if (assembler is not null && message.Header.IsSubpackage && verify)
                        {
                            if (assembler.Add(message, now, out var assembled) == SubpackageStatus.Complete)
                            {
                                // Not part of the digest: only one of the two passes reassembles.
                                using (assembled)
                                {
                                    ReadBodies(assembled!.ToMessage());
                                }
                            }
                        }
                    }
                }
            }

            if (scan.Status == FrameScanStatus.NeedMoreData || scan.Consumed == 0)
            {
                break;
            }

            rest = rest[scan.Consumed..];
        }

        return (hash.ToHashCode(), frames);
    }

    static int ReadBodies(Jt808Message message)
    {
        var hash = new HashCode();
        var body = message.Body;
        var version = message.Header.Version;
        hash.Add(message.Header.MessageId);
        hash.Add(message.Header.Phone);
        hash.Add(message.Quirks);
        if (LocationReport.TryRead(body, out var report).IsOk)
        {
            hash.Add(report.Basic.Time.IsValid);
            hash.Add(report.Basic.LatitudeMicrodegrees);
            foreach (var item in report.Items)
            {
                hash.Add(item.Id);
                hash.AddBytes(item.Value);
            }

            hash.AddBytes(report.Trailing);
            var standard = StandardItems.Read(report);
            hash.Add(standard.Odometer);
            hash.Add(standard.CarriageTemperature);
        }

        if (LocationBatch.TryRead(body, out var batch).IsOk)
        {
            foreach (var location in batch)
            {
                hash.Add(location.Basic.Speed);
                hash.Add(location.ItemCount);
            }

            hash.AddBytes(batch.Trailing);
        }

        if (Registration.TryRead(body, version, out var registration).IsOk)
        {
            hash.Add(registration.GetPlate());
            hash.Add(registration.GetTerminalId());
        }

        if (Authentication.TryRead(body, version, out var auth).IsOk)
        {
            hash.Add(auth.GetCode());
        }

        if (ParameterAnswer.TryRead(body, out var answer).IsOk)
        {
            foreach (var item in answer.Items)
            {
                hash.Add(item.TryGetNumber(out uint v) ? v : item.Id);
            }
        }

        if (ParameterSettings.TryRead(body, out var settings).IsOk)
        {
            hash.Add(settings.Count);
        }

        if (TextMessage.TryRead(body, version, out var text).IsOk)
        {
            hash.Add(text.GetText());
        }

        if (ResendRequest.TryRead(body, version, out var resend).IsOk)
        {
            for (int i = 0; i < resend.Count; i++)
            {
                hash.Add(resend.IndexAt(i));
            }
        }

        hash.Add(GeneralResponse.TryRead(body, out var response).IsOk ? response.GetHashCode() : 0);
        hash.Add(RegistrationResponse.TryRead(body, out var registered).IsOk ? registered.GetAuthCode() : "");
        hash.Add(AlarmConfirmation.TryRead(body, out var confirmation).IsOk ? confirmation.AlarmTypes : 0);
        hash.Add(ServerTime.TryRead(body, out var serverTime).IsOk ? serverTime.Utc.IsValid : false);
        return hash.ToHashCode();
    }
}
