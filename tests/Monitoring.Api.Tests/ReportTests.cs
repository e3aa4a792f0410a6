using System.Text;
using MiniExcelLibs;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests;

/// <summary>County centres' daily list as JSON, CSV and XLSX, the summary, and the fleet figures.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportTests(PostgresFixture postgres)
{
    static readonly string[] Headers = ["车牌号", "车牌颜色", "业户", "违规类型", "开始时间", "结束时间", "持续时长(秒)", "最高速度(km/h)", "限速(km/h)", "等级", "处置状态"];

    static string Date => $"date={Seed.Day:yyyy-MM-dd}";

    static string Beijing(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_daily_list_as_json_has_every_field_in_start_order()
    {
        var app = await postgres.SharedAppAsync();
        var rows = (await Json.ReadAsync(await app.Client(app.Seed.CountyAKey).GetAsync($"/api/counties/{Seed.CountyA}/violations?{Date}"))).EnumerateArray().ToList();
        Assert.Equal(["湘N11111", "湘N22222", "湘N11111", "湘N44444"], rows.Select(r => r.GetProperty("plate").GetString()));
        var first = rows[0];
        Assert.Equal(2, first.GetProperty("plateColour").GetInt32());
        Assert.Equal("黄", first.GetProperty("plateColourName").GetString());
        Assert.Equal("鹤城客运有限公司", first.GetProperty("carrier").GetString());
        Assert.Equal("overspeed", first.GetProperty("rule").GetString());
        Assert.Equal(Seed.T0, first.GetProperty("start").GetDateTime().ToUniversalTime());
        Assert.Equal(300, first.GetProperty("durationSeconds").GetInt64());
        Assert.Equal(112.5, first.GetProperty("maxSpeedKmh").GetDouble());
        Assert.Equal(100, first.GetProperty("limitKmh").GetDouble());
        Assert.Equal(3, first.GetProperty("severity").GetInt32());
        Assert.Equal("new", first.GetProperty("handling").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rows[1].GetProperty("end").ValueKind);
    }

    [Fact]
    public async Task The_daily_list_as_csv_has_chinese_headers_names_and_beijing_times()
    {
        var app = await postgres.SharedAppAsync();
        using var response = await app.Client(app.Seed.CountyAKey).GetAsync($"/api/counties/{Seed.CountyA}/violations?{Date}&format=csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"violations-{Seed.CountyA}-{Seed.Day:yyyy-MM-dd}.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        string[] lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', Headers), lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Equal($"湘N11111,黄,鹤城客运有限公司,超速,{Beijing(Seed.T0)},{Beijing(Seed.T0.AddMinutes(5))},300,112.5,100,二级,未处理", lines[1]);
        Assert.Equal($"湘N22222,黄,鹤城危险货物运输有限公司,凌晨2-5时违规运行,{Beijing(Seed.NightBan12.StartTime)},,,,,一级,未处理", lines[2]);
        Assert.StartsWith("湘N11111,黄,鹤城客运有限公司,终端报警:紧急报警,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_daily_list_as_xlsx_has_the_same_rows()
    {
        var app = await postgres.SharedAppAsync();
        using var response = await app.Client(app.Seed.CenterKey).GetAsync($"/api/counties/{Seed.CountyA}/violations?from={Seed.Day.AddDays(-1):yyyy-MM-dd}&to={Seed.Day:yyyy-MM-dd}&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Headers, stream.GetColumns(useHeaderRow: true).Cast<string>());
        stream.Position = 0;
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal("湘N11111", rows[0]["车牌号"]);
        Assert.Equal("超速", rows[0]["违规类型"]);
        Assert.Equal(Beijing(Seed.T0), rows[0]["开始时间"]);
        Assert.Equal(300.0, Convert.ToDouble(rows[0]["持续时长(秒)"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(112.5, Convert.ToDouble(rows[0]["最高速度(km/h)"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("未处理", rows[0]["处置状态"]);
        Assert.Equal("湘N44444", rows[3]["车牌号"]);
    }

    [Fact]
    public async Task The_summary_counts_by_rule_and_carrier_within_scope()
    {
        var app = await postgres.SharedAppAsync();
        var county = await Json.ReadAsync(await app.Client(app.Seed.CountyAKey).GetAsync($"/api/counties/{Seed.CountyA}/summary?{Date}"));
        var byRule = county.GetProperty("byRule").EnumerateArray().ToDictionary(r => r.GetProperty("rule").GetString()!, r => r.GetProperty("episodes").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["overspeed"] = 1, ["night_ban"] = 1, ["terminal_alarm:emergency"] = 1, ["fatigue_continuous"] = 1 }, byRule);
        var byCarrier = county.GetProperty("byCarrier").EnumerateArray().ToDictionary(r => r.GetProperty("carrierId").GetInt64(), r => r.GetProperty("episodes").GetInt64());
        Assert.Equal(new Dictionary<long, long> { [Seed.Carrier1] = 3, [Seed.Carrier2] = 1 }, byCarrier);

        var carrier = await Json.ReadAsync(await app.Client(app.Seed.Carrier2Key).GetAsync($"/api/counties/{Seed.CountyA}/summary?{Date}"));
        Assert.Equal(Seed.Carrier2, carrier.GetProperty("byCarrier").EnumerateArray().Single().GetProperty("carrierId").GetInt64());

        var stats = await Json.ReadAsync(await app.Client(app.Seed.CountyBKey).GetAsync("/api/stats/episodes?days=2"));
        var stat = stats.EnumerateArray().Single();
        Assert.Equal((Seed.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "overspeed", 1L),
            (stat.GetProperty("day").GetString(), stat.GetProperty("rule").GetString(), stat.GetProperty("episodes").GetInt64()));
    }

    [Fact]
    public async Task Vehicles_show_last_fix_and_online_state_and_tracks_come_in_time_order()
    {
        var app = await postgres.SharedAppAsync();
        using var client = app.Client(app.Seed.CenterKey);
        var vehicles = (await Json.ReadAsync(await client.GetAsync("/api/vehicles"))).EnumerateArray().ToDictionary(v => v.GetProperty("id").GetInt64());
        Assert.True(vehicles[Seed.V11].GetProperty("online").GetBoolean());
        Assert.Equal(27.56, vehicles[Seed.V11].GetProperty("lastPosition").GetProperty("lat").GetDouble(), 6);
        Assert.Equal(60, vehicles[Seed.V11].GetProperty("lastPosition").GetProperty("speedKmh").GetDouble());
        Assert.False(vehicles[Seed.V21].GetProperty("online").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, vehicles[Seed.V12].GetProperty("lastPosition").ValueKind);
        Assert.Equal("鹤城客运有限公司", vehicles[Seed.V11].GetProperty("carrierName").GetString());
        Assert.Equal("中方县", vehicles[Seed.V21].GetProperty("countyName").GetString());

        var plate = (await Json.ReadAsync(await client.GetAsync("/api/vehicles?plate=N333"))).EnumerateArray().Single();
        Assert.Equal(Seed.V21, plate.GetProperty("id").GetInt64());

        var track = (await Json.ReadAsync(await client.GetAsync($"/api/vehicles/11/track?from={Seed.T0.AddMinutes(-10):O}&to={Seed.T0:O}"))).EnumerateArray().ToList();
        Assert.Equal(20, track.Count);
        var times = track.Select(p => p.GetProperty("t").GetDateTime()).ToList();
        Assert.Equal(times.Order(), times);

        var status = (await Json.ReadAsync(await client.GetAsync("/api/fleet/status"))).EnumerateArray().ToDictionary(s => s.GetProperty("countyId").GetInt32());
        Assert.Equal((3, 1, 2, 2), (status[Seed.CountyA].GetProperty("vehicles").GetInt32(), status[Seed.CountyA].GetProperty("online").GetInt32(),
            status[Seed.CountyA].GetProperty("offline").GetInt32(), status[Seed.CountyA].GetProperty("neverReported").GetInt32()));
        Assert.Equal((1, 0), (status[Seed.CountyB].GetProperty("vehicles").GetInt32(), status[Seed.CountyB].GetProperty("online").GetInt32()));
    }

    [Fact]
    public async Task Assessment_rates_are_per_county_or_carrier_over_vehicles_within_scope()
    {
        var app = await postgres.SharedAppAsync();
        string days = $"from={Seed.Day:yyyy-MM-dd}&to={Seed.Day:yyyy-MM-dd}";
        var byCounty = (await Json.ReadAsync(await app.Client(app.Seed.CenterKey).GetAsync($"/api/assessment?group=county&{days}"))).EnumerateArray()
            .ToDictionary(r => r.GetProperty("groupId").GetInt64());
        // County A: vehicles 11 and 12 have terminals, 11 reported 40 qualified fixes; county B: vehicle 21 reported 40.
        Assert.Equal((2, 1, 40L), (byCounty[Seed.CountyA].GetProperty("connectedVehicles").GetInt32(), byCounty[Seed.CountyA].GetProperty("onlineVehicles").GetInt32(),
            byCounty[Seed.CountyA].GetProperty("records").GetInt64()));
        Assert.Equal(0.5, byCounty[Seed.CountyA].GetProperty("onlineRate").GetDouble());
        Assert.Equal(1.0, byCounty[Seed.CountyB].GetProperty("dataQualifiedRate").GetDouble());

        var carrier = (await Json.ReadAsync(await app.Client(app.Seed.Carrier2Key).GetAsync($"/api/assessment?group=county&{days}"))).EnumerateArray().Single();
        Assert.Equal((Seed.CountyA, 1, 0), ((int)carrier.GetProperty("groupId").GetInt64(), carrier.GetProperty("connectedVehicles").GetInt32(),
            carrier.GetProperty("onlineVehicles").GetInt32()));
    }
}
