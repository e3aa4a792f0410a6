using System.Globalization;
using Monitoring.Protocol;
using Monitoring.Protocol.Bodies;
using Monitoring.Protocol.Framing;
using Monitoring.Protocol.Topics;
using Monitoring.Simulation;

namespace Monitoring.Host.Bench;

/// <summary>
/// The load generator's vehicles: each sends one 0x0200 per message, 10 s of device time after its previous one,
/// so that device time runs as fast as the message rate makes it (the engine runs on the device clock). Every
/// <see cref="ScriptedEvery"/>th vehicle acts out overspeed runs (25 km/h over its limit for 300 s of every
/// 400 s); their messages' publish times are kept so that the episode they open can be timed from the message
/// that decided it.
/// </summary>
sealed class LoadFleet
{
    public const int ScriptedEvery = 50;
    public const int FixIntervalSeconds = 10;
    const int CycleFixes = 40;
    const int OverspeedFromFix = 10;

    readonly FleetVehicle[] _vehicles;
    readonly string[] _topics;
    readonly long[] _ids;
    readonly int[] _sent;
    readonly double[] _latitude;
    readonly double[] _longitude;
    readonly long _startUnix;

    public LoadFleet(Fleet fleet, int partitions, DateTimeOffset deviceStart)
    {
        _vehicles = [.. fleet.Vehicles];
        _topics = [.. _vehicles.Select(v => MqttTopics.Uplink(v.Phone, partitions))];
        _ids = [.. _vehicles.Select(v => long.Parse(v.Id.AsSpan(1), CultureInfo.InvariantCulture))];
        _sent = new int[_vehicles.Length];
        _latitude = new double[_vehicles.Length];
        _longitude = new double[_vehicles.Length];
        var random = new Random(7);
        for (int i = 0; i < _vehicles.Length; i++)
        {
            // Around Huaihua (27.55 N, 110.0 E), spread over about 100 km.
            _latitude[i] = 27.1 + (random.NextDouble() * 0.9);
            _longitude[i] = 109.5 + (random.NextDouble() * 1.0);
        }

        _startUnix = deviceStart.ToUnixTimeSeconds();
    }

    public int Count => _vehicles.Length;

    public long VehicleId(int index) => _ids[index];

    public string Topic(int index) => _topics[index];

    public static bool IsScripted(int index) => index % ScriptedEvery == 0;

    /// <summary>The next message of vehicle <paramref name="index"/>: its frame and the fix's device time (Unix seconds).
    /// Not thread-safe per vehicle: one publisher owns each vehicle.</summary>
    public (byte[] Frame, long DeviceTime) Next(int index)
    {
        var vehicle = _vehicles[index];
        int n = _sent[index]++;
        long deviceTime = _startUnix + ((long)n * FixIntervalSeconds);
        double speed = IsScripted(index) && n % CycleFixes >= OverspeedFromFix ? vehicle.SpeedLimitKmh + 25 : 60 + (index % 15);

        // Heading north-east; one degree of latitude is about 111 km.
        double step = speed * FixIntervalSeconds / 3600.0 / 111.0;
        _latitude[index] += step * 0.6;
        _longitude[index] += step * 0.8;
        var basic = LocationBasic.Create(0, StatusBits.AccOn | StatusBits.Positioned, _latitude[index], _longitude[index], 200, speed, 53,
            Jt808Time.FromInstant(DateTimeOffset.FromUnixTimeSeconds(deviceTime)));
        Span<byte> body = stackalloc byte[64];
        int bodyLength = LocationReport.Write(body, basic, []);
        Span<byte> frame = stackalloc byte[128];
        var header = Jt808FrameWriter.Header(MessageIds.LocationReport, vehicle.Phone, (ushort)n, vehicle.ProtocolVersion);
        int length = Jt808FrameWriter.Write(frame, header, body[..bodyLength]);
        return (frame[..length].ToArray(), deviceTime);
    }
}
