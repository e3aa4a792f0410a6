using System.CommandLine;
using Monitoring.Host.Rules;

namespace Monitoring.Host.Commands;

/// <summary>`monitoring rules …`: the rule engine offline.</summary>
static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "Violation rules: overspeed, night driving, fatigue, offline, terminal alarms.");
        command.Subcommands.Add(CreateReplay());
        return command;
    }

    static Command CreateReplay()
    {
        var fixes = new Option<FileInfo>("--fixes")
        {
            Description = "FIXES.csv: vehicle,time,lat,lon,speed_kmh,direction,acc,valid[,alarm] (time ISO 8601 with offset; acc, valid 0/1).",
            Required = true,
        };
        var vehicles = new Option<FileInfo>("--vehicles")
        {
            Description = "VEHICLES.csv: vehicle,plate,class,long_distance,speed_limit_kmh,carrier,county.",
            Required = true,
        };
        var zones = new Option<FileInfo?>("--zones")
        {
            Description = "Speed zones, GeoJSON: polygons or lines (buffer_m) with speed_limit_kmh.",
        };
        var profile = new Option<FileInfo?>("--profile")
        {
            Description = "Rule profile JSON over the built-in defaults (see docs/rules.md).",
        };
        var replay = new Command("replay", "Run recorded fixes through the rules; print every episode as one JSON line. Exit 1 if any input line was bad (it is reported on standard error and skipped), 2 if the input could not be read.")
        {
            fixes,
            vehicles,
            zones,
            profile,
        };
        replay.SetAction(parse =>
        {
            var config = parse.InvocationConfiguration;
            return new RulesReplay(config.Output, config.Error).Run(parse.GetValue(fixes)!, parse.GetValue(vehicles)!, parse.GetValue(zones), parse.GetValue(profile));
        });
        return replay;
    }
}
