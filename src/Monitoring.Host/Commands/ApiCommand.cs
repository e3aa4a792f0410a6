using System.CommandLine;
using Monitoring.Host.Service;

namespace Monitoring.Host.Commands;

/// <summary>`monitoring api`: the HTTP API without ingestion. Settings as for `monitoring serve` (README).</summary>
static class ApiCommand
{
    public static Command Create()
    {
        var settings = new Argument<string[]>("settings")
        {
            Description = "Configuration overrides, e.g. --Monitoring:Http:Urls=http://0.0.0.0:8081 (same keys as appsettings.json).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("api", "Run the HTTP API alone (alerts, reports, fleet, webhooks; docs at /api/docs), without MQTT ingestion.") { settings };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            string[] overrides = [.. parse.GetValue(settings) ?? [], .. parse.UnmatchedTokens];
            return await ApiService.RunAsync(overrides, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }
}
