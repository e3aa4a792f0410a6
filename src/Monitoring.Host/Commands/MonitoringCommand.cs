using System.CommandLine;

namespace Monitoring.Host.Commands;

/// <summary>The root of the `monitoring` command line; each module adds its subcommands here.</summary>
static class MonitoringCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Monitoring backend for 两客一危 vehicles: JT/T 808 ingestion, rules, alerts.");
        root.Subcommands.Add(Jt808Command.Create());
        root.Subcommands.Add(RulesCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ApiCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }
}
