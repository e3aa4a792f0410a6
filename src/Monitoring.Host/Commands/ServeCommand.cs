using System.CommandLine;
using System.Globalization;
using Monitoring.Host.Service;
using Monitoring.Ingestion;
using Monitoring.Rules;

namespace Monitoring.Host.Commands;

/// <summary>`monitoring serve`: the service. Settings come from appsettings.json and environment variables (README).</summary>
static class ServeCommand
{
    public static Command Create()
    {
        var print = new Option<bool>("--print-episodes") { Description = "Print every episode transition as it happens." };
        var settings = new Argument<string[]>("settings")
        {
            Description = "Configuration overrides, e.g. --Monitoring:Mqtt:Broker=127.0.0.1:1883 (same keys as appsettings.json).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("serve", "Run the service: MQTT ingestion, rules, storage, health and metrics endpoints.") { print, settings };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            string[] overrides = [.. parse.GetValue(settings) ?? [], .. parse.UnmatchedTokens];
            Action<EpisodeNotice, Storage.VehicleRecord>? observer = parse.GetValue(print)
                ? (notice, vehicle) => output.WriteLine(Describe(notice, vehicle))
                : null;
            return await MonitoringService.RunAsync(overrides, observer, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    internal static string Describe(EpisodeNotice notice, Storage.VehicleRecord vehicle)
    {
        var e = notice.Event;
        var beijing = TimeSpan.FromHours(8);
        string start = DateTimeOffset.FromUnixTimeSeconds(e.Start).ToOffset(beijing).ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string end = e.IsClosed ? DateTimeOffset.FromUnixTimeSeconds(e.End).ToOffset(beijing).ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "…";
        string speed = e.MaxSpeed10 > 0 ? string.Create(CultureInfo.InvariantCulture, $" max {e.MaxSpeed10 / 10.0:F1} km/h") : "";
        string limit = e.Limit10 > 0 ? string.Create(CultureInfo.InvariantCulture, $" limit {e.Limit10 / 10.0:F0}") : "";
        return $"{e.Transition.ToString().ToLowerInvariant(),-9} {vehicle.Plate} {EpisodeRecords.RuleName(e)} {e.Severity.ToName()} {start}–{end}{speed}{limit}{(e.Late ? " (late)" : "")}";
    }
}
