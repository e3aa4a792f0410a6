using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Monitoring.Host.Tests;

/// <summary>`monitoring rules replay` over small CSV files: the JSON contract of issue #3 and the exit codes.</summary>
public sealed class RulesReplayCommandTests : IDisposable
{
    const string Vehicles = """
        vehicle,plate,class,long_distance,speed_limit_kmh,carrier,county
        V1,湘N12345,line_coach,1,100,怀化客运,鹤城区
        H1,湘N88888,hazmat,0,100,怀化危运,洪江市
        """;

    readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("rules-replay-");

    public void Dispose() => _directory.Delete(recursive: true);

    string Write(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    /// <summary>Fixes every 10 s from 10:00 for <paramref name="minutes"/>, moving north at the given speed.</summary>
    static string Fixes(string vehicle, int minutes, Func<int, double> kmhAt, Func<int, uint>? alarmAt = null)
    {
        var csv = new StringBuilder("vehicle,time,lat,lon,speed_kmh,direction,acc,valid,alarm\n");
        var start = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8));
        var latitude = 27.55;
        for (var s = 0; s <= minutes * 60; s += 10)
        {
            var kmh = kmhAt(s);
            csv.Append(CultureInfo.InvariantCulture,
                $"{vehicle},{start.AddSeconds(s):yyyy-MM-dd'T'HH:mm:sszzz},{latitude:F6},110.000000,{kmh:F1},0,1,1,{alarmAt?.Invoke(s) ?? 0}\n");
            latitude += kmh / 3.6 * 10 / 111_195.0;
        }
        return csv.ToString();
    }

    (int Exit, List<JsonElement> Episodes, string Output, string Error) Replay(string fixes, params string[] more)
    {
        var args = new List<string> { "rules", "replay", "--fixes", Write("fixes.csv", fixes), "--vehicles", Write("vehicles.csv", Vehicles) };
        args.AddRange(more);
        var (exit, output, error) = Cli.Run([.. args]);
        var episodes = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (exit, episodes, output, error);
    }

    [Fact]
    public void Prints_each_episode_as_one_json_line_with_the_documented_names()
    {
        // 112 km/h from 10:00:00 to 10:05:00 inclusive, 90 afterwards.
        var (exit, episodes, output, error) = Replay(Fixes("V1", 10, s => s <= 300 ? 112 : 90));
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Single(episodes);
        Assert.StartsWith(
            """{"vehicle":"V1","rule":"overspeed","start":"2026-03-02T10:00:00+08:00","end":"2026-03-02T10:05:00+08:00","severity":"L2","limitKmh":100,"maxSpeedKmh":112.0,"late":false,""",
            output, StringComparison.Ordinal);
        Assert.Equal("湘N12345", episodes[0].GetProperty("plate").GetString());
        Assert.Equal("鹤城区", episodes[0].GetProperty("county").GetString());
    }

    [Fact]
    public void An_episode_still_open_when_input_ends_has_a_null_end()
    {
        var (exit, episodes, _, _) = Replay(Fixes("H1", 5, s => s < 60 ? 70 : 88));
        Assert.Equal(0, exit);
        var episode = Assert.Single(episodes);
        Assert.Equal("overspeed", episode.GetProperty("rule").GetString());
        Assert.Equal(JsonValueKind.Null, episode.GetProperty("end").ValueKind);
        Assert.Equal(80, episode.GetProperty("limitKmh").GetInt32());
        Assert.Equal("2026-03-02T10:01:00+08:00", episode.GetProperty("start").GetString());
    }

    [Fact]
    public void Bad_lines_are_reported_with_their_line_number_and_skipped_and_the_exit_code_is_1()
    {
        var lines = Fixes("V1", 10, s => s <= 300 ? 112 : 90).Split('\n').ToList();
        lines.Insert(3, "V9,2026-03-02T10:00:15+08:00,27.55,110.0,50,0,1,1,0");
        lines.Insert(5, "V1,2026-03-02 10:00:25,27.55,110.0,50,0,1,1,0");
        lines.Insert(7, "V1,2026-03-02T10:00:35+08:00,27.55,110.0");
        lines.Insert(9, "V1,2026-03-02T10:00:45+08:00,north,110.0,50,0,1,1,0");
        var (exit, episodes, _, error) = Replay(string.Join('\n', lines));
        Assert.Equal(1, exit);
        var reported = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, reported.Length);
        Assert.StartsWith("fixes.csv:4: unknown vehicle 'V9'", reported[0], StringComparison.Ordinal);
        Assert.StartsWith("fixes.csv:6: time", reported[1], StringComparison.Ordinal);
        Assert.StartsWith("fixes.csv:8: expected", reported[2], StringComparison.Ordinal);
        Assert.StartsWith("fixes.csv:10: lat/lon", reported[3], StringComparison.Ordinal);
        // The good lines still make the episode.
        Assert.Equal("overspeed", Assert.Single(episodes).GetProperty("rule").GetString());
    }

    [Fact]
    public void A_bad_vehicle_line_is_reported_and_the_exit_code_is_1()
    {
        var vehicles = Write("vehicles-bad.csv", Vehicles + "\nX1,湘N0,bus,1,100,C,K");
        var (exit, _, error) = Cli.Run("rules", "replay", "--fixes", Write("fixes.csv", Fixes("V1", 2, _ => 50)), "--vehicles", vehicles);
        Assert.Equal(1, exit);
        Assert.StartsWith("vehicles-bad.csv:4: unknown class 'bus'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_or_a_bad_profile_cannot_run()
    {
        Assert.Equal(2, Cli.Run("rules", "replay", "--fixes", Path.Combine(_directory.FullName, "none.csv"), "--vehicles", Write("vehicles.csv", Vehicles)).ExitCode);
        var (exit, _, _, error) = Replay(Fixes("V1", 2, _ => 50), "--profile", Write("profile.json", """{ "classes": { "line_coach": { "overspeedMin": 1 } } }"""));
        Assert.Equal(2, exit);
        Assert.Contains("overspeedMin", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_profile_and_the_zones_are_used()
    {
        var zones = Write("zones.geojson", """
            { "type": "FeatureCollection", "features": [ { "type": "Feature", "properties": { "speed_limit_kmh": 60 },
              "geometry": { "type": "Polygon", "coordinates": [[[109.9, 27.5], [110.1, 27.5], [110.1, 27.7], [109.9, 27.7], [109.9, 27.5]]] } } ] }
            """);
        var (_, inZone, _, _) = Replay(Fixes("V1", 5, _ => 70), "--zones", zones);
        Assert.Equal(60, Assert.Single(inZone).GetProperty("limitKmh").GetInt32());

        var profile = Write("profile.json", """{ "classes": { "line_coach": { "overspeedMinSeconds": 600 } } }""");
        var (exit, patient, _, _) = Replay(Fixes("V1", 5, _ => 70), "--zones", zones, "--profile", profile);
        Assert.Equal(0, exit);
        Assert.Empty(patient);
    }

    [Fact]
    public void A_terminal_alarm_is_one_episode_named_by_its_bit()
    {
        var (_, episodes, _, _) = Replay(Fixes("V1", 5, _ => 50, s => s is >= 60 and < 120 ? 1u : 0u));
        var alarm = Assert.Single(episodes);
        Assert.Equal("terminal_alarm", alarm.GetProperty("rule").GetString());
        Assert.Equal("emergency", alarm.GetProperty("alarm").GetString());
        Assert.Equal("L4", alarm.GetProperty("severity").GetString());
        Assert.Equal("2026-03-02T10:01:00+08:00", alarm.GetProperty("start").GetString());
        Assert.Equal("2026-03-02T10:02:00+08:00", alarm.GetProperty("end").GetString());
    }
}
