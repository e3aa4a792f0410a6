using System.CommandLine;

namespace Monitoring.Host.Commands;

/// <summary>`monitoring jt808 …`: tools for the wire protocol.</summary>
static class Jt808Command
{
    public static Command Create()
    {
        var command = new Command("jt808", "JT/T 808 protocol tools.");
        var hex = new Argument<string[]>("hex") { Description = "Frames in hex (spaces ignored); standard input, one line each, when none.", Arity = ArgumentArity.ZeroOrMore };
        var decode = new Command("decode", "Decode JT/T 808 frames to one JSON object per message per line.") { hex };
        decode.SetAction(parse => 0);
        command.Subcommands.Add(decode);
        return command;
    }
}
