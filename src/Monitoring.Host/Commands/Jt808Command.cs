using System.CommandLine;
using Monitoring.Host.Jt808;

namespace Monitoring.Host.Commands;

/// <summary>`monitoring jt808 …`: tools for the wire protocol.</summary>
static class Jt808Command
{
    public static Command Create()
    {
        var command = new Command("jt808", "JT/T 808 protocol tools.");
        command.Subcommands.Add(CreateDecode());
        return command;
    }

    static Command CreateDecode()
    {
        var hex = new Argument<string[]>("hex")
        {
            Description = "Frames in hex (spaces ignored), one or more per argument; without arguments, one input per line of standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var ignoreChecksum = new Option<bool>("--ignore-checksum")
        {
            Description = "Also decode frames whose check code is wrong (marked \"checksumValid\":false; still exit 1).",
        };
        var decode = new Command("decode", "Decode JT/T 808 frames: one JSON object per message per line; exit code 1 if any frame failed.")
        {
            hex,
            ignoreChecksum,
        };
        decode.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            using var decoder = new HexFrameDecoder(output, parse.GetValue(ignoreChecksum));
            string[] inputs = parse.GetValue(hex) ?? [];
            if (inputs.Length > 0)
            {
                foreach (string input in inputs)
                {
                    decoder.DecodeInput(input);
                }
            }
            else
            {
                while (Console.In.ReadLine() is { } line)
                {
                    decoder.DecodeInput(line);
                }
            }

            output.Flush();
            return decoder.AnyFailed ? 1 : 0;
        });
        return decode;
    }
}
