using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Monitoring.Host.Simulation;
using Monitoring.Simulation;

namespace Monitoring.Host.Commands;

/// <summary>`monitoring simulate`: a fleet of simulated terminals publishing real JT/T 808 frames over MQTT.</summary>
static class SimulateCommand
{
    public static Command Create()
    {
        var broker = new Option<string>("--broker") { Description = "MQTT broker host:port.", DefaultValueFactory = _ => "127.0.0.1:1883" };
        var vehicles = new Option<int>("--vehicles") { Description = "Number of vehicles.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same fleet and the same frames.", DefaultValueFactory = _ => 808 };
        var start = new Option<DateTimeOffset?>("--start") { Description = "Simulated start, ISO 8601 with offset (default 2026-03-02T06:00:00+08:00)." };
        var duration = new Option<TimeSpan>("--duration") { Description = "Simulated time to run, e.g. 08:00:00.", DefaultValueFactory = _ => TimeSpan.FromHours(8) };
        var speedup = new Option<double>("--speedup") { Description = "Simulated seconds per wall-clock second; 0 runs as fast as the broker takes it.", DefaultValueFactory = _ => 60 };
        var partitions = new Option<int>("--partitions") { Description = "Partition count of the uplink topics (the deployment's).", DefaultValueFactory = _ => Protocol.Topics.MqttTopics.DefaultPartitionCount };
        var episodeRate = new Option<double>("--episode-rate") { Description = "Chance per vehicle and simulated day of acting out an episode.", DefaultValueFactory = _ => 0.1 };
        var truth = new Option<string?>("--truth") { Description = "Write the ground truth (acted episodes) to this JSON-lines file." };
        var reference = new Option<string?>("--reference") { Description = "Write the fleet's reference data (counties, carriers, vehicles CSV) to this folder." };
        var replay = new Option<string?>("--replay") { Description = "Replay this FIXES.csv (vehicle,time,lat,lon,speed_kmh,direction,acc,valid; vehicles by the fleet's ids, V00001…) instead of simulating." };
        var database = new Option<string?>("--database") { Description = $"Seed the fleet's reference data into this database (Npgsql connection string) before sending; default: the {Storage.MonitoringDataSource.ConnectionStringVariable} environment variable, if set." };
        var command = new Command("simulate", "Simulate a fleet: real JT/T 808 frames over MQTT on an accelerated clock, with acted episodes and their ground truth.")
        {
            broker, vehicles, seed, start, duration, speedup, partitions, episodeRate, truth, reference, database, replay,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            if (!BrokerAddress.TryParse(parse.GetValue(broker), out var address, out string problem))
            {
                error.WriteLine(problem);
                return 2;
            }

            int count = parse.GetValue(vehicles);
            double rate = parse.GetValue(episodeRate);
            double speed = parse.GetValue(speedup);
            int partitionCount = parse.GetValue(partitions);
            if (count < 1 || rate is < 0 or > 1 || speed < 0 || partitionCount < 1)
            {
                error.WriteLine("--vehicles and --partitions must be at least 1, --episode-rate within 0-1, --speedup not negative.");
                return 2;
            }

            var options = new SimulationOptions { Seed = parse.GetValue(seed), EpisodeRate = rate };
            if (parse.GetValue(start) is { } from)
            {
                options = options with { Start = from };
            }

            var fleet = Fleet.Create(count, options.Seed);
            if (parse.GetValue(reference) is { } folder)
            {
                ReferenceFiles.Write(fleet, folder);
            }

            string? connection = parse.GetValue(database) ?? Environment.GetEnvironmentVariable(Storage.MonitoringDataSource.ConnectionStringVariable);
            if (!string.IsNullOrWhiteSpace(connection))
            {
                await using var dataSource = Storage.MonitoringDataSource.Create(connection);
                await ReferenceSeeder.SeedAsync(fleet, dataSource, cancellationToken);
                output.WriteLine($"seeded {fleet.Counties.Count} counties, {fleet.Carriers.Count} carriers and {fleet.Vehicles.Count} vehicles");
            }

            var simulation = new FleetSimulation(fleet, options);
            MqttFramePublisher publisher;
            try
            {
                publisher = await MqttFramePublisher.ConnectAsync(address, $"simulator-{options.Seed}-{Environment.ProcessId}", partitionCount, 512, cancellationToken);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                error.WriteLine($"Cannot connect to the MQTT broker at {address}: {e.Message}");
                return 1;
            }

            await using var connected = publisher;
            long positions;
            if (parse.GetValue(replay) is { } fixesFile)
            {
                if (!TryReadFixes(fixesFile, fleet, error, out var recorded))
                {
                    return 2;
                }

                positions = await ReplayAsync(new FixReplay(fleet).Transmissions(recorded), publisher, speed, cancellationToken);
                await publisher.FlushAsync(CancellationToken.None);
                output.WriteLine($"replayed {positions} fixes: {publisher.Published} messages published, {publisher.Failed} failed");
                return publisher.Failed == 0 ? 0 : 1;
            }

            var end = options.Start + parse.GetValue(duration);
            positions = await RunAsync(simulation, publisher, end, speed, error, cancellationToken);
            
            await publisher.FlushAsync(CancellationToken.None);

            if (parse.GetValue(truth) is { } truthFile)
            {
                using var writer = new StreamWriter(truthFile);
                GroundTruthFile.Write(simulation.GroundTruth, writer);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"simulated {fleet.Vehicles.Count} vehicles to {simulation.Now.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm:ss}: {publisher.Published} messages published, {publisher.Failed} failed, {positions} positions, {simulation.GroundTruth.Count} acted episodes"));
            return publisher.Failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>Reads FIXES.csv; bad lines are reported with their number and skipped, an unreadable header or a
    /// vehicle outside the fleet stops the replay.</summary>
    static bool TryReadFixes(string path, Fleet fleet, TextWriter error, out List<RecordedFix> fixes)
    {
        fixes = [];
        var ids = fleet.Vehicles.ToDictionary(v => v.Id, v => v.Index, StringComparer.Ordinal);
        var csv = new Rules.FixCsv(ids);
        int number = 0;
        bool anyBad = false;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (!csv.HasHeader)
            {
                if (!csv.TryReadHeader(line, out string headerError))
                {
                    error.WriteLine($"{path}:{number}: {headerError}");
                    return false;
                }

                continue;
            }

            if (!csv.TryParse(line, out var fix, out string problem))
            {
                error.WriteLine($"{path}:{number}: {problem}");
                anyBad = true;
                continue;
            }

            fixes.Add(new RecordedFix(fix.Vehicle, DateTimeOffset.FromUnixTimeSeconds(fix.Time), fix.LatitudeE6, fix.LongitudeE6, fix.Speed10, fix.Direction, fix.AccOn, fix.GnssValid, fix.Alarms));
        }

        if (anyBad)
        {
            error.WriteLine($"{path}: bad lines were skipped; {fixes.Count} fixes will be replayed.");
        }

        return true;
    }

    /// <summary>Publishes recorded fixes with their original spacing divided by <paramref name="speedup"/> (0: at once).</summary>
    static async Task<long> ReplayAsync(IEnumerable<Transmission> transmissions, MqttFramePublisher publisher, double speedup, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        DateTimeOffset? first = null;
        long count = 0;
        foreach (var t in transmissions)
        {
            first ??= t.Time;
            if (speedup > 0)
            {
                var due = TimeSpan.FromTicks((long)((t.Time - first.Value).Ticks / speedup));
                if (due > wall.Elapsed)
                {
                    await Task.Delay(due - wall.Elapsed, cancellationToken);
                }
            }

            await publisher.PublishAsync(t, cancellationToken);
            count += t.Positions;
        }

        return count;
    }

    /// <summary>Advances simulated time with the wall clock (times <paramref name="speedup"/>), publishing as it goes.</summary>
    internal static async Task<long> RunAsync(FleetSimulation simulation, MqttFramePublisher publisher, DateTimeOffset end, double speedup, TextWriter progress, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var simulatedStart = simulation.Now;
        long positions = 0;
        var pending = new List<Transmission>();
        var lastReport = TimeSpan.Zero;
        while (simulation.Now < end && !cancellationToken.IsCancellationRequested)
        {
            var target = speedup == 0
                ? simulation.Now.AddSeconds(60)
                : simulatedStart + TimeSpan.FromTicks((long)(wall.Elapsed.Ticks * speedup));
            if (target > end)
            {
                target = end;
            }

            pending.Clear();
            simulation.RunUntil(target, pending.Add);
            foreach (var transmission in pending)
            {
                await publisher.PublishAsync(transmission, cancellationToken);
                positions += transmission.Positions;
            }

            if (wall.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                lastReport = wall.Elapsed;
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{simulation.Now.ToOffset(TimeSpan.FromHours(8)):HH:mm:ss}] {publisher.Published} messages, {publisher.Published / Math.Max(1, wall.Elapsed.TotalSeconds):F0}/s, {simulation.GroundTruth.Count} acted"));
            }

            if (speedup > 0 && pending.Count == 0)
            {
                try
                {
                    await Task.Delay(20, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop, flush what was published, write the truth so far.
                    break;
                }
            }
        }

        return positions;
    }
}
