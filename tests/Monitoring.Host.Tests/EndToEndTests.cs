using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Monitoring.Host.Commands;
using Monitoring.Host.Simulation;
using MQTTnet;
using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;
using Monitoring.Protocol.Topics;
using Monitoring.Simulation;
using Monitoring.Storage;
using Npgsql;

namespace Monitoring.Host.Tests;

/// <summary>
/// Simulator → MQTT broker → `monitoring serve` (a real process) → PostgreSQL: every published position is stored
/// exactly once and the episodes the service detects are the ones the simulator acted out — with Mosquitto as an
/// external broker while the service is killed and restarted mid-run, and with the service's embedded broker.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class EndToEndTests
{
    const int Vehicles = 60;
    static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task With_mosquitto_a_service_killed_mid_run_loses_nothing_and_counts_nothing_twice()
    {
        await using var run = await Run.StartAsync();
        int mqttPort = FreePort();
        using var mosquitto = StartMosquitto(mqttPort, run.Folder);
        try
        {
            var service = run.StartService($"--Monitoring:Mqtt:Broker=127.0.0.1:{mqttPort}");
            await run.WaitHealthyAsync(service);
            var simulation = run.Simulation();
            await using var publisher = await MqttFramePublisher.ConnectAsync(new BrokerAddress("127.0.0.1", mqttPort), "e2e-simulator", MqttTopics.DefaultPartitionCount, 256, CancellationToken.None);
            var end = simulation.Now.AddHours(7);

            // A third of the day, then kill -9 the service while the simulator goes on publishing.
            long positions = await SimulateCommand.RunAsync(simulation, publisher, simulation.Now.AddHours(2.5), 1200, TextWriter.Null, CancellationToken.None);
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            positions += await SimulateCommand.RunAsync(simulation, publisher, simulation.Now.AddHours(1), 1200, TextWriter.Null, CancellationToken.None);

            var restarted = run.StartService($"--Monitoring:Mqtt:Broker=127.0.0.1:{mqttPort}");
            await run.WaitHealthyAsync(restarted);
            positions += await SimulateCommand.RunAsync(simulation, publisher, end, 1200, TextWriter.Null, CancellationToken.None);
            await publisher.FlushAsync(CancellationToken.None);
            Assert.Equal(0, publisher.Failed);

            await run.AssertStoredExactlyOnceAsync(positions);
            await run.AssertEpisodesMatchAsync(simulation.GroundTruth, end);
            restarted.Kill(entireProcessTree: true);
        }
        finally
        {
            mosquitto.Kill();
            await mosquitto.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task With_the_embedded_broker_every_position_is_stored_once_and_episodes_match()
    {
        await using var run = await Run.StartAsync();
        int mqttPort = FreePort();
        var service = run.StartService($"--Monitoring:Mqtt:EmbeddedPort={mqttPort}");
        await run.WaitHealthyAsync(service);
        var simulation = run.Simulation();
        await using var publisher = await MqttFramePublisher.ConnectAsync(new BrokerAddress("127.0.0.1", mqttPort), "e2e-simulator", MqttTopics.DefaultPartitionCount, 256, CancellationToken.None);
        var end = simulation.Now.AddHours(7);
        long positions = await SimulateCommand.RunAsync(simulation, publisher, end, 1200, TextWriter.Null, CancellationToken.None);
        await publisher.FlushAsync(CancellationToken.None);
        Assert.Equal(0, publisher.Failed);

        await run.AssertStoredExactlyOnceAsync(positions);
        await run.AssertEpisodesMatchAsync(simulation.GroundTruth, end);
        service.Kill(entireProcessTree: true);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static Process StartMosquitto(int port, string folder)
    {
        string config = Path.Combine(folder, "mosquitto.conf");
        File.WriteAllText(config, $"listener {port} 127.0.0.1\nallow_anonymous true\nmax_inflight_messages 0\nmax_queued_messages 0\npersistent_client_expiration 1d\n");
        string binary = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
        var process = Process.Start(new ProcessStartInfo(binary, ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("mosquitto did not start (deploy/test.sh installs it).");
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("mosquitto is not listening.");
    }

    /// <summary>One run's database, folder, fleet and service processes.</summary>
    [Fact]
    public async Task A_vehicle_registered_while_the_service_runs_is_ingested_without_a_restart_with_what_it_sent_before()
    {
        await using var run = await Run.StartAsync();
        int mqttPort = FreePort();
        var service = run.StartService($"--Monitoring:Mqtt:EmbeddedPort={mqttPort}", "--Monitoring:Ingestion:RegistrationInterval=00:00:00.200");
        await run.WaitHealthyAsync(service);
        var phone = TerminalPhone.Parse("013900009001");
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", mqttPort).WithClientId("e2e-registration").Build());
        ushort serial = 0;
        Task PublishAsync() => PublishLocationAsync(client, phone, serial++);

        // Not registered yet: the frame is kept as a dead letter.
        await PublishAsync();
        Assert.True(await run.EventuallyAsync("SELECT count(*) FROM dead_letters WHERE phone = '013900009001'", n => n == 1));

        await run.RegisterVehicleAsync(9001, "013900009001");
        for (int i = 0; i < 100 && await run.CountAsync("SELECT count(*) FROM positions WHERE vehicle_id = 9001") == 0; i++)
        {
            await PublishAsync();
            await Task.Delay(200);
        }

        Assert.True(await run.CountAsync("SELECT count(*) FROM positions WHERE vehicle_id = 9001") > 0, "the registered vehicle's fixes are stored");

        // What the terminal sent before it was registered is replayed from the dead letters, once, and kept there marked.
        Assert.True(await run.EventuallyAsync("SELECT count(*) FROM positions WHERE vehicle_id = 9001 AND serial = 0", n => n == 1), "the fix sent before registration is stored");
        Assert.True(await run.EventuallyAsync("SELECT count(*) FROM dead_letters WHERE phone = '013900009001' AND replayed_at IS NULL", n => n == 0));
        Assert.True(await run.CountAsync("SELECT count(*) FROM dead_letters WHERE phone = '013900009001'") >= 1, "the dead letters are kept");
        service.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task A_vehicle_registered_while_the_service_was_stopped_gets_what_it_sent_before_replayed_at_start()
    {
        await using var run = await Run.StartAsync();
        int mqttPort = FreePort();
        var service = run.StartService($"--Monitoring:Mqtt:EmbeddedPort={mqttPort}");
        await run.WaitHealthyAsync(service);
        var phone = TerminalPhone.Parse("013900009002");
        using (var client = new MqttClientFactory().CreateMqttClient())
        {
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", mqttPort).WithClientId("e2e-registration").Build());
            await PublishLocationAsync(client, phone, 7);
            Assert.True(await run.EventuallyAsync("SELECT count(*) FROM dead_letters WHERE phone = '013900009002'", n => n == 1));
        }

        service.Kill(entireProcessTree: true);
        await service.WaitForExitAsync();
        await run.RegisterVehicleAsync(9002, "013900009002");

        var restarted = run.StartService($"--Monitoring:Mqtt:EmbeddedPort={mqttPort}");
        await run.WaitHealthyAsync(restarted);
        Assert.True(await run.EventuallyAsync("SELECT count(*) FROM positions WHERE vehicle_id = 9002 AND serial = 7", n => n == 1), "the fix sent before registration is stored");
        Assert.True(await run.EventuallyAsync("SELECT count(*) FROM dead_letters WHERE phone = '013900009002' AND replayed_at IS NULL", n => n == 0));
        restarted.Kill(entireProcessTree: true);
    }

    static async Task PublishLocationAsync(IMqttClient client, TerminalPhone phone, ushort serial)
    {
        var basic = LocationBasic.Create(0, StatusBits.AccOn | StatusBits.Positioned, 27.55, 110.0 + (serial * 0.001), 200, 60, 90,
            Jt808Time.FromInstant(new DateTimeOffset(2026, 11, 20, 9, 0, serial, Beijing)));
        var body = new byte[64];
        int bodyLength = LocationReport.Write(body, basic, []);
        var frame = new byte[128];
        int length = Jt808FrameWriter.Write(frame, Jt808FrameWriter.Header(MessageIds.LocationReport, phone, serial, Jt808Version.V2013), body.AsSpan(0, bodyLength));
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(MqttTopics.Uplink(phone, MqttTopics.DefaultPartitionCount))
            .WithPayload(frame.AsSpan(0, length).ToArray()).WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
    }

    sealed class Run : IAsyncDisposable
    {
        readonly LocalPostgresServer _server;
        readonly string _connection;
        readonly Fleet _fleet = Fleet.Create(Vehicles, 21);
        readonly int _httpPort = FreePort();
        readonly List<Process> _services = [];

        Run(LocalPostgresServer server, string connection, string folder)
        {
            _server = server;
            _connection = connection;
            Folder = folder;
        }

        public string Folder { get; }

        public static async Task<Run> StartAsync()
        {
            string folder = Path.Combine(Path.GetTempPath(), $"monitoring-e2e-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            var server = await LocalPostgresServer.StartAsync(Path.Combine(folder, "postgres"), throwaway: true);
            string connection = await server.EnsureDatabaseAsync("monitoring");
            var run = new Run(server, connection, folder);
            await using var dataSource = MonitoringDataSource.Create(connection);
            await new SchemaMigrator(dataSource).MigrateAsync();
            await ReferenceSeeder.SeedAsync(run._fleet, dataSource, CancellationToken.None);
            return run;
        }

        public FleetSimulation Simulation() =>
            new(_fleet, new SimulationOptions { Seed = 21, EpisodeRate = 0.6, Start = new DateTimeOffset(2026, 11, 20, 6, 0, 0, Beijing) });

        public Process StartService(params string[] settings)
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "monitoring.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in (string[])[dll, "serve", .. settings,
                $"--Monitoring:Database:ConnectionString={_connection}",
                $"--Monitoring:Database:SpoolPath={Path.Combine(Folder, "spool", "positions.spool")}",
                $"--Monitoring:Http:Urls=http://127.0.0.1:{_httpPort}",
                "--Monitoring:Ingestion:Clock=Device",
                "--Monitoring:Ingestion:CheckpointInterval=00:00:01"])
            {
                start.ArgumentList.Add(a);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("monitoring serve did not start.");
            _services.Add(process);
            var log = new StreamWriter(Path.Combine(Folder, $"serve-{process.Id}.log")) { AutoFlush = true };
            process.OutputDataReceived += (_, e) => WriteLine(log, e.Data);
            process.ErrorDataReceived += (_, e) => WriteLine(log, e.Data);
            process.Exited += (_, _) => log.Dispose();
            process.EnableRaisingEvents = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        static void WriteLine(StreamWriter log, string? line)
        {
            lock (log)
            {
                if (line is not null && log.BaseStream.CanWrite)
                {
                    log.WriteLine(line);
                }
            }
        }

        public async Task WaitHealthyAsync(Process service)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            for (int i = 0; i < 240 && !service.HasExited; i++)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_httpPort}/health"));
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not up yet.
                }

                await Task.Delay(250);
            }

            Assert.Fail($"monitoring serve did not become healthy (exited: {service.HasExited}).");
        }

        public async Task AssertStoredExactlyOnceAsync(long published)
        {
            long stored = 0;
            for (int i = 0; i < 240; i++)
            {
                stored = await ScalarAsync("SELECT count(*) FROM positions");
                if (stored >= published)
                {
                    break;
                }

                await Task.Delay(250);
            }

            Assert.Equal(published, stored);
        }

        /// <summary>Every acted episode (drift is a data-quality count, not an episode) was opened once, by the same vehicle, within a report interval of its acted start; nothing else was.</summary>
        public async Task AssertEpisodesMatchAsync(IReadOnlyList<ActedEpisode> truth, DateTimeOffset end)
        {
            // The device clock trails the newest fix by 5 minutes: episodes acted in the last minutes may still be pending.
            var expected = truth.Where(t => t.Rule != "drift" && t.Start < end.AddMinutes(-30)).ToList();
            Assert.NotEmpty(expected);
            List<(long Vehicle, string Rule, DateTime Start)> detected = [];
            for (int i = 0; i < 120; i++)
            {
                detected = await EpisodesAsync();
                if (expected.All(t => Find(detected, t) is not null))
                {
                    break;
                }

                await Task.Delay(250);
            }

            foreach (var acted in expected)
            {
                if (Find(detected, acted) is null)
                {
                    Assert.Fail($"not detected: {acted}; {await DescribeAsync(acted, detected)}");
                }
            }

            var unexplained = detected
                .Where(d => d.Start < end.AddMinutes(-30).UtcDateTime)
                .Where(d => !truth.Any(t => Matches(d, t)))
                .ToList();
            Assert.True(unexplained.Count == 0, "detected but not acted: " + string.Join("; ", unexplained));
            Assert.Equal(detected.Count, detected.Distinct().Count());
        }

        static (long, string, DateTime)? Find(List<(long Vehicle, string Rule, DateTime Start)> detected, ActedEpisode acted)
        {
            foreach (var d in detected)
            {
                if (Matches(d, acted))
                {
                    return d;
                }
            }

            return null;
        }

        static bool Matches((long Vehicle, string Rule, DateTime Start) d, ActedEpisode acted) =>
            d.Vehicle == ReferenceSeeder.VehicleId(acted.VehicleId)
            && (d.Rule == acted.Rule || d.Rule.StartsWith(acted.Rule + ":", StringComparison.Ordinal))
            && Math.Abs((d.Start - acted.Start.UtcDateTime).TotalSeconds) <= 120;

        async Task<string> DescribeAsync(ActedEpisode acted, List<(long Vehicle, string Rule, DateTime Start)> detected)
        {
            long vehicle = ReferenceSeeder.VehicleId(acted.VehicleId);
            await using var connection = new NpgsqlConnection(_connection);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT device_time, received_at, speed_dkmh FROM positions WHERE vehicle_id = $1 AND device_time BETWEEN $2 AND $3 ORDER BY device_time", connection);
            command.Parameters.Add(new() { Value = vehicle });
            command.Parameters.Add(new() { Value = acted.Start.UtcDateTime.AddHours(-4) });
            command.Parameters.Add(new() { Value = (acted.End ?? acted.Start).UtcDateTime });
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(DateTime Device, DateTime Received, int Speed)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetDateTime(0), reader.GetDateTime(1), reader.GetInt32(2)));
            }

            var gaps = rows.Zip(rows.Skip(1), (a, b) => (b.Device - a.Device, a.Device)).OrderByDescending(g => g.Item1).Take(3);
            var stopped = rows.Where(r => r.Speed <= 50).Select(r => r.Device.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Take(10);
            return $"its episodes: [{string.Join("; ", detected.Where(d => d.Vehicle == vehicle))}]; {rows.Count} positions in the spell; largest gaps {string.Join(", ", gaps)}; slow fixes at {string.Join(",", stopped)}";
        }

        async Task<List<(long, string, DateTime)>> EpisodesAsync()
        {
            await using var connection = new NpgsqlConnection(_connection);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT vehicle_id, rule, start_time FROM episodes", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var list = new List<(long, string, DateTime)>();
            while (await reader.ReadAsync())
            {
                list.Add((reader.GetInt64(0), reader.GetString(1), reader.GetDateTime(2)));
            }

            return list;
        }

        /// <summary>Registers a vehicle of the fleet's first carrier with the given terminal, as an operator would.</summary>
        public async Task RegisterVehicleAsync(long id, string phone)
        {
            await using var dataSource = MonitoringDataSource.Create(_connection);
            var carrier = _fleet.Carriers[0];
            await new ReferenceStore(dataSource).UpsertAsync(new VehicleRecord(id, $"湘N{id % 100_000:D5}", 2, "line_coach", false, 100, phone,
                ReferenceSeeder.CarrierId(carrier.Id), int.Parse(carrier.CountyCode, CultureInfo.InvariantCulture)));
        }

        public Task<long> CountAsync(string sql) => ScalarAsync(sql);

        /// <summary>Polls a count until it satisfies <paramref name="condition"/> (up to a minute).</summary>
        public async Task<bool> EventuallyAsync(string sql, Func<long, bool> condition)
        {
            for (int i = 0; i < 240; i++)
            {
                if (condition(await ScalarAsync(sql)))
                {
                    return true;
                }

                await Task.Delay(250);
            }

            return false;
        }

        async Task<long> ScalarAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(_connection);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            // Whatever happened in the test, no service outlives it (the run owns the processes; tests do not dispose them).
            foreach (var service in _services)
            {
                if (!service.HasExited)
                {
                    service.Kill(entireProcessTree: true);
                    await service.WaitForExitAsync();
                }

                service.Dispose();
            }

            await _server.DisposeAsync();
            if (Environment.GetEnvironmentVariable("MONITORING_E2E_KEEP") is null)
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
    }
}

/// <summary>End-to-end runs use most of the machine: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";
}
