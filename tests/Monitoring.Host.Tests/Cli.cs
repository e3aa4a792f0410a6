using System.CommandLine;
using Monitoring.Host.Commands;

namespace Monitoring.Host.Tests;

/// <summary>Runs the `monitoring` command line in-process and captures what it prints.</summary>
static class Cli
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = MonitoringCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
