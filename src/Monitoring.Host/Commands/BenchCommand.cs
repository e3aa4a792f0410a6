using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Monitoring.Host.Bench;
using Monitoring.Host.Simulation;

namespace Monitoring.Host.Commands;

/// <summary>`monitoring bench pipeline`: the load benchmark of the ingestion pipeline (docs/benchmarks.md).</summary>
static class BenchCommand
{
    public static Command Create()
    {
        var vehicles = new Option<int>("--vehicles") { Description = "Simulated terminals.", DefaultValueFactory = _ => 20_000 };
        var rates = new Option<string>("--rates") { Description = "Messages per second to try, in order, comma-separated.", DefaultValueFactory = _ => "5000,10000,20000,30000,40000,50000" };
        var step = new Option<TimeSpan>("--step") { Description = "How long each rate runs.", DefaultValueFactory = _ => TimeSpan.FromSeconds(30) };
        var publishers = new Option<int>("--publishers") { Description = "MQTT clients of the load generator.", DefaultValueFactory = _ => 4 };
        var partitions = new Option<int>("--partitions") { Description = "Uplink partitions.", DefaultValueFactory = _ => Protocol.Topics.MqttTopics.DefaultPartitionCount };
        var workers = new Option<int>("--rule-workers") { Description = "Rule workers.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string; default: a private durable server under --data." };
        var broker = new Option<string?>("--broker") { Description = "External MQTT broker host:port (e.g. Mosquitto); default: the embedded broker." };
        var generatorOnly = new Option<bool>("--generator-only") { Description = "Run the load generator without the service, to measure what it costs by itself." };
        var backlog = new Option<long>("--backlog") { Description = "Instead of rates: publish this many messages while the service is stopped, then time how fast it drains them." };
        var data = new Option<string>("--data") { Description = "Folder for the private PostgreSQL and the spool (deleted first).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "monitoring-bench") };
        var pipeline = new Command("pipeline", "Publish at increasing rates through broker, service and PostgreSQL; report sustained msg/s, loss, CPU, memory and fix-to-episode latency.")
        {
            vehicles, rates, step, publishers, partitions, workers, connection, broker, data, generatorOnly, backlog,
        };
        pipeline.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            List<int> rateList;
            try
            {
                rateList = [.. (parse.GetValue(rates) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(r => int.Parse(r, NumberStyles.None, CultureInfo.InvariantCulture))];
            }
            catch (FormatException)
            {
                await error.WriteLineAsync("--rates: comma-separated positive integers, e.g. 5000,10000.");
                return 2;
            }

            BrokerAddress? external = null;
            if (parse.GetValue(broker) is { Length: > 0 } address)
            {
                if (!BrokerAddress.TryParse(address, out var parsed, out string problem))
                {
                    await error.WriteLineAsync($"--broker: {problem}");
                    return 2;
                }

                external = parsed;
            }

            string root = parse.GetValue(data)!;
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            Directory.CreateDirectory(root);
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            var options = new PipelineBenchOptions(parse.GetValue(vehicles), rateList, parse.GetValue(step), parse.GetValue(publishers),
                parse.GetValue(partitions), parse.GetValue(workers), parse.GetValue(connection), external, root, parse.GetValue(generatorOnly), parse.GetValue(backlog));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"bench pipeline: {options.Vehicles} vehicles, {options.Partitions} partitions, {options.RuleWorkers} rule workers, {options.Publishers} publishers, {options.StepDuration.TotalSeconds:F0} s per rate, broker {(external is null ? "embedded" : $"{external.Host}:{external.Port}")}, {Environment.ProcessorCount} cores, load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3])}"));
            var results = await new PipelineBench(options, output, loggers).RunAsync(cancellationToken);
            if (options.Backlog > 0 || options.GeneratorOnly)
            {
                return 0;
            }

            var best = results.Where(r => r.Sustained).Select(r => r.TargetRate).DefaultIfEmpty(0).Max();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Highest sustained rate with zero loss: {best:N0} msg/s."));
            return 0;
        });
        return new Command("bench", "Benchmarks that need the whole service (the micro-benchmarks are in tests/Monitoring.Benchmarks).") { pipeline };
    }
}
