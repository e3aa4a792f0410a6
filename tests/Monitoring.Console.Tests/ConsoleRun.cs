using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using Monitoring.Protocol.Topics;
using Monitoring.Simulation;
using Monitoring.Storage;
using MQTTnet;
using MQTTnet.Protocol;
using Npgsql;

namespace Monitoring.WebConsole.Tests;

/// <summary>
/// One run for the browser tests: a throwaway PostgreSQL with two counties, three carriers and six vehicles, API keys,
/// `monitoring serve` (a real process, embedded MQTT broker), a few episodes already driven, and Chromium.
/// </summary>
public sealed class ConsoleRun : IAsyncLifetime
{
    public const string CenterUser = "市中心值班员张敏";
    public const string CarrierUser = "鹤城客运调度员李军";
    public const int Hecheng = 431202;
    public const int Zhongfang = 431221;
    public const long HechengCoaches = 101;
    public const long HechengHazmat = 102;
    public const long ZhongfangTours = 201;

    public static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    readonly int _httpPort = FreePort();
    readonly int _mqttPort = FreePort();
    Process? _service;
    LocalPostgresServer? _server;
    IPlaywright? _playwright;
    IMqttClient? _mqtt;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"monitoring-console-{Guid.NewGuid():N}");

    public string Connection { get; private set; } = "";

    public Uri BaseUrl => new($"http://127.0.0.1:{_httpPort}/");

    public Fleet Fleet { get; } = Fleet.Create(6, 11);

    public string CenterKey { get; private set; } = "";

    public string CarrierKey { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The seeded vehicles by fleet index: v0, v1 of 101; v4, v5 of 102; v2, v3 of 201 (v5 never reports).</summary>
    public IReadOnlyList<SeededVehicle> Vehicles { get; private set; } = [];

    public string ServiceLog => Path.Combine(Folder, "serve.log");

    /// <summary>When v1's background overspeed started: its Beijing day is the day the daily list shows it.</summary>
    public DateTimeOffset BackgroundOverspeedStart { get; private set; }

    public async Task InitializeAsync()
    {
        // Generous waits (the machine is shared with the other test projects); nothing is timed.
        Assertions.SetDefaultExpectTimeout(30_000);
        Directory.CreateDirectory(Folder);
        _server = await LocalPostgresServer.StartAsync(Path.Combine(Folder, "postgres"), throwaway: true);
        Connection = await _server.EnsureDatabaseAsync("monitoring");
        await using (var dataSource = MonitoringDataSource.Create(Connection))
        {
            await new SchemaMigrator(dataSource).MigrateAsync();
            await SeedAsync(dataSource);
            var keys = new ApiKeyStore(dataSource);
            CenterKey = (await keys.CreateAsync(CenterUser, ApiRole.Center, null, null, DateTime.UtcNow)).Key;
            CarrierKey = (await keys.CreateAsync(CarrierUser, ApiRole.Carrier, null, HechengCoaches, DateTime.UtcNow)).Key;
        }

        _service = StartService();
        await WaitHealthyAsync();
        using (var http = new HttpClient())
        using (var index = await http.GetAsync(BaseUrl))
        {
            Assert.True(index.IsSuccessStatusCode, $"monitoring serve does not serve the console at / ({(int)index.StatusCode}): is MapMonitoringConsole() called in MonitoringService?");
        }

        _mqtt = new MqttClientFactory().CreateMqttClient();
        await _mqtt.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _mqttPort).WithClientId("console-tests").WithCleanSession(true).Build());

        // Episodes already there when the duty officer signs in (the live one is driven by the test itself).
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        BackgroundOverspeedStart = now.AddMinutes(-8);
        var hecheng = CountySeat.Huaihua.First(c => c.Code == "431202");
        var zhongfang = CountySeat.Huaihua.First(c => c.Code == "431221");
        var fixes = new List<RecordedFix>();
        // v1 (coach, limit 100): 114 km/h for two minutes, L2.
        fixes.AddRange(new Drive(1, now.AddMinutes(-12), hecheng.Latitude + 0.01, hecheng.Longitude - 0.05)
            .Leg(TimeSpan.FromMinutes(4), 75).Leg(TimeSpan.FromMinutes(2), 114).Leg(TimeSpan.FromMinutes(6), 75).Fixes);
        // v4 (hazmat): the emergency button held for two minutes.
        fixes.AddRange(new Drive(4, now.AddMinutes(-10), hecheng.Latitude - 0.03, hecheng.Longitude + 0.02)
            .Leg(TimeSpan.FromMinutes(3), 60).Leg(TimeSpan.FromMinutes(2), 55, alarm: 1).Leg(TimeSpan.FromMinutes(5), 60).Fixes);
        // v2 (coach in the other county): 105 km/h for 90 s, L1.
        fixes.AddRange(new Drive(2, now.AddMinutes(-10), zhongfang.Latitude, zhongfang.Longitude)
            .Leg(TimeSpan.FromMinutes(3), 75).Leg(TimeSpan.FromSeconds(90), 105).Leg(TimeSpan.FromMinutes(5.5), 75).Fixes);
        // v3 (rural bus with a blue plate, limit 80): 86 km/h for 90 s, L1 by day.
        fixes.AddRange(new Drive(3, now.AddMinutes(-10), zhongfang.Latitude - 0.04, zhongfang.Longitude + 0.03)
            .Leg(TimeSpan.FromMinutes(3), 60).Leg(TimeSpan.FromSeconds(90), 86).Leg(TimeSpan.FromMinutes(5.5), 60).Fixes);
        await PublishAsync(fixes);
        await WaitForEpisodesAsync(
            (Vehicles[1].Id, "overspeed"), (Vehicles[4].Id, "terminal_alarm:emergency"), (Vehicles[2].Id, "overspeed"), (Vehicles[3].Id, "overspeed"));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MONITORING_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    async Task SeedAsync(NpgsqlDataSource dataSource)
    {
        var store = new ReferenceStore(dataSource);
        await store.UpsertAsync(new County(Hecheng, "鹤城区"));
        await store.UpsertAsync(new County(Zhongfang, "中方县"));
        await store.UpsertAsync(new Storage.Carrier(HechengCoaches, "怀化市鹤城客运有限公司", Hecheng));
        await store.UpsertAsync(new Storage.Carrier(HechengHazmat, "怀化鹤城危险货物运输有限公司", Hecheng));
        await store.UpsertAsync(new Storage.Carrier(ZhongfangTours, "中方县旅游运输有限公司", Zhongfang));
        // Fleet.Create gives the first six vehicles one class each: tourist, charter, line coach, rural bus, hazmat, heavy truck.
        (long Carrier, int County, short Colour)[] owners =
        [
            (HechengCoaches, Hecheng, 2), (HechengCoaches, Hecheng, 2), (ZhongfangTours, Zhongfang, 2),
            (ZhongfangTours, Zhongfang, 1), (HechengHazmat, Hecheng, 2), (HechengHazmat, Hecheng, 2),
        ];
        var vehicles = new List<SeededVehicle>();
        foreach (var v in Fleet.Vehicles)
        {
            var (carrier, county, colour) = owners[v.Index];
            var seeded = new SeededVehicle(v.Index, 1000 + v.Index, v.Plate, colour, carrier, county, v.Phone.ToString());
            vehicles.Add(seeded);
            // Not long-distance: a run in the small hours must not add 02:00–05:00 episodes the tests do not expect.
            await store.UpsertAsync(new VehicleRecord(seeded.Id, v.Plate, colour, v.Class, false, (short)v.SpeedLimitKmh, seeded.Phone, carrier, county));
        }

        Vehicles = vehicles;
    }

    Process StartService()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "monitoring.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[dll, "serve",
            $"--Monitoring:Database:ConnectionString={Connection}",
            $"--Monitoring:Database:SpoolPath={Path.Combine(Folder, "spool", "positions.spool")}",
            $"--Monitoring:Mqtt:EmbeddedPort={_mqttPort}",
            $"--Monitoring:Http:Urls=http://127.0.0.1:{_httpPort}",
            "--Monitoring:Console:TileUrl="])
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("monitoring serve did not start.");
        var log = new StreamWriter(ServiceLog) { AutoFlush = true };
        void Write(string? line)
        {
            lock (log)
            {
                if (line is not null && log.BaseStream.CanWrite)
                {
                    log.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) =>
        {
            lock (log)
            {
                log.Dispose();
            }
        };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (int i = 0; i < 240 && !_service!.HasExited; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "health"));
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

        throw new InvalidOperationException($"monitoring serve did not become healthy (exited: {_service!.HasExited}); log: {ServiceLog}\n{LogTail()}");
    }

    public string LogTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(ServiceLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>
    /// Publishes fixes as the terminals would (0x0200 frames, QoS 1, on their uplink partition topics), in time order
    /// and at most 120 s of device time per second: faster than life, but not so fast that a backlog outruns the
    /// service's wall clock (which the rule engine needs within 5 minutes of the fixes it accepts).
    /// </summary>
    public async Task PublishAsync(IEnumerable<RecordedFix> fixes)
    {
        const double DeviceSecondsPerSecond = 120;
        var clock = Stopwatch.StartNew();
        DateTimeOffset? first = null;
        foreach (var t in new FixReplay(Fleet).Transmissions(fixes))
        {
            first ??= t.Time;
            var due = TimeSpan.FromSeconds((t.Time - first.Value).TotalSeconds / DeviceSecondsPerSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var message = new MqttApplicationMessageBuilder()
                .WithTopic(MqttTopics.Uplink(t.Vehicle.Phone, MqttTopics.DefaultPartitionCount))
                .WithPayload(t.Payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var result = await _mqtt!.PublishAsync(message);
            Assert.True(result.IsSuccess, $"publish failed: {result.ReasonCode}");
        }
    }

    /// <summary>Subscribes to a terminal's downlink topic; the returned list fills as frames arrive.</summary>
    public async Task<List<byte[]>> WatchDownlinkAsync(string phone)
    {
        var frames = new List<byte[]>();
        string topic = MqttTopics.DownlinkPrefix + phone;
        _mqtt!.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == topic)
            {
                lock (frames)
                {
                    frames.Add(e.ApplicationMessage.Payload.ToArray());
                }
            }

            return Task.CompletedTask;
        };
        await _mqtt.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return frames;
    }

    /// <summary>Waits until the service has stored an episode of each (vehicle, rule prefix).</summary>
    public async Task WaitForEpisodesAsync(params (long Vehicle, string Rule)[] wanted)
    {
        List<(long, string)> found = [];
        for (int i = 0; i < 240; i++)
        {
            found = await EpisodesAsync();
            if (wanted.All(w => found.Any(f => f.Item1 == w.Vehicle && (f.Item2 == w.Rule || f.Item2 == "night_" + w.Rule))))
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"episodes not stored: wanted {string.Join(", ", wanted)}, found {string.Join(", ", found)}\n{LogTail()}");
    }

    public async Task<List<(long, string)>> EpisodesAsync()
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT vehicle_id, rule FROM episodes ORDER BY start_time", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<(long, string)>();
        while (await reader.ReadAsync())
        {
            list.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return list;
    }

    /// <summary>A fresh browser context (its own local storage) at the console, in a time zone that is not Beijing's.</summary>
    public async Task<IPage> OpenAsync(List<string> errors)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            Locale = "zh-CN",
            // Times must read as Beijing time whatever the workstation's zone.
            TimezoneId = "Europe/London",
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => errors.Add("page error: " + e);
        // Nothing beyond the service itself: the console works without the internet.
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(BaseUrl.ToString(), StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal)
                && !r.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                errors.Add("request elsewhere: " + r.Url);
            }
        };
        page.Console += (_, m) =>
        {
            // A 401 while signing in with a wrong key is the browser's own log line, not the page's fault.
            if (m.Type == "error" && !m.Text.Contains("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add("console: " + m.Text);
            }
        };
        await page.GotoAsync("/");
        return page;
    }

    public static async Task SignInAsync(IPage page, string key)
    {
        await page.Locator("#signin-key").FillAsync(key);
        await page.Locator("#signin-submit").ClickAsync();
        await Assertions.Expect(page.Locator("#shell")).ToBeVisibleAsync();
    }

    public Task<string> ScreenshotAsync(IPage page, string name) => Screenshots.SaveAsync(page, name, Folder);

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        // Whatever happened, nothing this run started outlives it.
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_mqtt is not null)
        {
            if (_mqtt.IsConnected)
            {
                await _mqtt.DisconnectAsync();
            }

            _mqtt.Dispose();
        }

        if (_service is not null)
        {
            if (!_service.HasExited)
            {
                _service.Kill(entireProcessTree: true);
                await _service.WaitForExitAsync();
            }

            _service.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Environment.GetEnvironmentVariable("MONITORING_E2E_KEEP") is null)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open: the temp folder is cleaned by the system.
            }
        }
    }
}
