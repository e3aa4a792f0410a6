namespace Monitoring.Rules.Tests;

/// <summary>One input of a replay: a fix, or a tick of the clock.</summary>
readonly record struct Input(Fix Fix, long Tick)
{
    public bool IsTick => Tick != 0;
}

/// <summary>
/// A random but reproducible fleet: cruising, speeding, stops and rests, night driving, alarm bits,
/// invalid and drift fixes, duplicates, arrival up to 100 s out of order, and blind areas uploaded
/// hours later. Ticks come every minute of arrival time, as the replay command sends them.
/// </summary>
static class RandomFleet
{
    public static Vehicle[] Vehicles(Random random, int count)
    {
        var vehicles = new Vehicle[count];
        for (var i = 0; i < count; i++)
        {
            var vehicleClass = (VehicleClass)random.Next(VehicleClassNames.Count);
            vehicles[i] = new Vehicle($"V{i}", $"湘N{i:D5}", vehicleClass, random.Next(2) == 0, random.Next(3) == 0 ? 80 : 100, "C", "K");
        }
        return vehicles;
    }

    public static List<Input> Inputs(Random random, int vehicles, long from, long to)
    {
        var arrivals = new List<(long Arrival, int Order, Fix Fix)>();
        var order = 0;
        for (var v = 0; v < vehicles; v++)
        {
            var t = from + random.Next(0, 600);
            var latitude = 27.0 + random.NextDouble();
            double speed = 60;
            uint alarms = 0;
            var blindUntil = 0L;
            var stopUntil = 0L;
            while (t < to)
            {
                var step = random.Next(5, 31);
                var roll = random.Next(1000);
                if (roll < 3)
                {
                    stopUntil = t + random.Next(5, 40) * 60;
                }
                else if (roll < 6)
                {
                    blindUntil = t + random.Next(3, 40) * 60;
                }
                else if (roll < 9)
                {
                    // Silence: terminal off or out of coverage, nothing stored.
                    t += random.Next(5, 40) * 60;
                }
                else if (roll < 40)
                {
                    speed = random.Next(100) < 30 ? random.Next(90, 140) : random.Next(20, 100);
                }
                else if (roll < 45)
                {
                    alarms ^= 1u << random.Next(0, 4);
                }
                var kmh = t < stopUntil ? 0 : speed;
                latitude += kmh / 3.6 * step / 111_195.0;
                var fix = new Fix(v, t, (int)(latitude * 1e6), 110_000_000, (int)(kmh * 10), 0, kmh > 0 || random.Next(2) == 0, random.Next(100) >= 3, alarms);
                if (random.Next(200) == 0)
                {
                    // A drift point 20-60 km off the track.
                    fix = new Fix(v, t, fix.LatitudeE6 + random.Next(200_000, 600_000), fix.LongitudeE6, fix.Speed10, 0, true, true, alarms);
                }
                var arrival = t < blindUntil ? t + random.Next(3600, 4 * 3600) : t + random.Next(0, 101);
                arrivals.Add((arrival, order++, fix));
                if (random.Next(40) == 0)
                {
                    arrivals.Add((arrival + random.Next(0, 60), order++, fix));
                }
                t += step;
            }
        }
        arrivals.Sort((a, b) => a.Arrival != b.Arrival ? a.Arrival.CompareTo(b.Arrival) : a.Order.CompareTo(b.Order));

        var inputs = new List<Input>(arrivals.Count + (int)((to - from) / 60));
        var clock = 0L;
        foreach (var (arrival, _, fix) in arrivals)
        {
            if (arrival >= clock + 60)
            {
                clock = arrival;
                inputs.Add(new Input(default, clock));
            }
            inputs.Add(new Input(fix, 0));
        }
        return inputs;
    }
}
