using System.CommandLine;
using System.Globalization;
using Monitoring.Host.Simulation;
using Monitoring.Simulation;
using Monitoring.Storage;

namespace Monitoring.Host.Commands;

/// <summary>
/// `monitoring demo`: a private PostgreSQL under a data folder (unless a database is configured), the service with
/// its embedded broker, and a simulated city fleet on an accelerated clock; episodes print as they open and close.
/// </summary>
static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Folder for the private database and the spool.", DefaultValueFactory = _ => "monitoring-data" };
        var vehicles = new Option<int>("--vehicles") { Description = "Simulated vehicles.", DefaultValueFactory = _ => 2000 };
        var speedup = new Option<double>("--speedup") { Description = "Simulated seconds per wall-clock second (60: an 8-hour shift in 8 minutes).", DefaultValueFactory = _ => 60 };
        var hours = new Option<double>("--hours") { Description = "Simulated hours to run.", DefaultValueFactory = _ => 8 };
        var pgPort = new Option<int>("--pg-port") { Description = "Port of the private PostgreSQL.", DefaultValueFactory = _ => 55432 };
        var brokerPort = new Option<int>("--broker-port") { Description = "Port of the embedded MQTT broker (not 1883, where a system Mosquitto may listen).", DefaultValueFactory = _ => 18830 };
        var http = new Option<string>("--http") { Description = "URL of the service's HTTP endpoints.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var command = new Command("demo", "Run the whole pipeline on a simulated fleet: private database, service, embedded broker, simulator.")
        {
            data, vehicles, speedup, hours, pgPort, brokerPort, http,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            string folder = Path.GetFullPath(parse.GetValue(data)!);
            string? connection = Environment.GetEnvironmentVariable(MonitoringDataSource.ConnectionStringVariable);
            LocalPostgresServer? server = null;
            try
            {
                if (string.IsNullOrWhiteSpace(connection))
                {
                    output.WriteLine($"Starting a private PostgreSQL in {Path.Combine(folder, "postgres")} on port {parse.GetValue(pgPort)}…");
                    server = await LocalPostgresServer.StartAsync(Path.Combine(folder, "postgres"), parse.GetValue(pgPort), cancellationToken: cancellationToken);
                    connection = await server.EnsureDatabaseAsync("monitoring", cancellationToken);
                }

                // The shift that ends now: device time catches up with the wall clock only as the simulation ends, so no fix
                // is from the future, the last 24 hours' lists hold every episode, and the vehicles show as online.
                var beijing = TimeSpan.FromHours(8);
                var now = DateTimeOffset.UtcNow.ToOffset(beijing);
                var shiftStart = now.AddHours(-parse.GetValue(hours));
                var options = new SimulationOptions
                {
                    Start = new DateTimeOffset(shiftStart.Year, shiftStart.Month, shiftStart.Day, shiftStart.Hour, shiftStart.Minute, 0, beijing),
                    EpisodeRate = 0.2,
                };
                var fleet = Fleet.Create(parse.GetValue(vehicles), options.Seed);
                await using (var dataSource = MonitoringDataSource.Create(connection))
                {
                    await new SchemaMigrator(dataSource).MigrateAsync(null, cancellationToken);
                    await ReferenceSeeder.SeedAsync(fleet, dataSource, cancellationToken);
                    output.WriteLine($"Seeded {fleet.Vehicles.Count} vehicles of {fleet.Carriers.Count} carriers in {fleet.Counties.Count} counties of Huaihua.");
                    await CreateDemoKeysAsync(fleet, dataSource, output, cancellationToken);
                }

                string url = parse.GetValue(http)!;
                string[] settings =
                [
                    $"--Monitoring:Database:ConnectionString={connection}",
                    $"--Monitoring:Database:SpoolPath={Path.Combine(folder, "spool", "positions.spool")}",
                    $"--Monitoring:Mqtt:EmbeddedPort={parse.GetValue(brokerPort)}",
                    $"--Monitoring:Http:Urls={url}",
                    "--Monitoring:Ingestion:Clock=Device",
                ];
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var service = Task.Run(() => Service.MonitoringService.RunAsync(settings, (notice, vehicle) => output.WriteLine(ServeCommand.Describe(notice, vehicle)), error, stop.Token));
                if (!await WaitHealthyAsync(url, service, stop.Token))
                {
                    error.WriteLine("The service did not become healthy.");
                    return await service;
                }

                output.WriteLine($"Console: {url}/ (sign in with CENTER_KEY, COUNTY_KEY or CARRIER_KEY above). API docs at {url}/api/docs, health at {url}/health, metrics at {url}/metrics.");
                output.WriteLine($"Simulating {options.Start:yyyy-MM-dd HH:mm} + {parse.GetValue(hours)} h at {parse.GetValue(speedup)}× (Ctrl+C stops).");
                var simulation = new FleetSimulation(fleet, options);
                await using (var publisher = await MqttFramePublisher.ConnectAsync(new BrokerAddress("127.0.0.1", parse.GetValue(brokerPort)), "demo-simulator", Protocol.Topics.MqttTopics.DefaultPartitionCount, 512, stop.Token))
                {
                    try
                    {
                        await SimulateCommand.RunAsync(simulation, publisher, options.Start.AddHours(parse.GetValue(hours)), parse.GetValue(speedup), error, stop.Token);
                        await publisher.FlushAsync(stop.Token);
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulation finished: {publisher.Published} messages, {simulation.GroundTruth.Count} acted episodes. The service keeps running; Ctrl+C stops."));
                    }
                    catch (OperationCanceledException)
                    {
                        // Ctrl+C during the simulation.
                    }
                }

                return await service;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            finally
            {
                if (server is not null)
                {
                    await server.DisposeAsync();
                }
            }
        });
        return command;
    }

    /// <summary>One API key per role, printed as shell lines so that docs/api.md's curl examples run as they are.</summary>
    static async Task CreateDemoKeysAsync(Fleet fleet, Npgsql.NpgsqlDataSource dataSource, TextWriter output, CancellationToken cancellationToken)
    {
        var store = new ApiKeyStore(dataSource);
        var county = fleet.Counties[0];
        int countyId = int.Parse(county.Code, CultureInfo.InvariantCulture);
        var carrier = fleet.Carriers.First(c => c.CountyCode == county.Code);
        long carrierId = ReferenceSeeder.CarrierId(carrier.Id);
        var now = DateTime.UtcNow;
        var center = await store.CreateAsync("demo-center", ApiRole.Center, null, null, now, cancellationToken);
        var countyKey = await store.CreateAsync("demo-county", ApiRole.County, countyId, null, now, cancellationToken);
        var carrierKey = await store.CreateAsync("demo-carrier", ApiRole.Carrier, null, carrierId, now, cancellationToken);
        output.WriteLine($"API keys (docs/api.md): center; county {countyId} {county.NameZh}; carrier {carrierId} {carrier.Name}. Paste into a shell:");
        output.WriteLine($"  export CENTER_KEY={center.Key} COUNTY_KEY={countyKey.Key} CARRIER_KEY={carrierKey.Key}");
    }

    static async Task<bool> WaitHealthyAsync(string url, Task<int> service, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (int i = 0; i < 120 && !service.IsCompleted; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(url + "/health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out; try again.
            }

            await Task.Delay(500, cancellationToken);
        }

        return false;
    }
}
