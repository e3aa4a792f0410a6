using Monitoring.Rules;

namespace Monitoring.Host.Rules;

/// <summary>
/// `monitoring rules replay`: runs recorded fixes through the rule engine and prints every episode once,
/// in order of start. The clock advances with the latest device time seen (every minute of it), and at the
/// end the engine is drained and ticked with the last time, so episodes still open print with "end":null.
/// </summary>
sealed class RulesReplay
{
    /// <summary>Exit codes: 0 all input read, 1 some lines were bad (skipped), 2 could not run.</summary>
    public const int Ok = 0;
    public const int BadLines = 1;
    public const int CannotRun = 2;

    const int TickSeconds = 60;

    readonly TextWriter _output;
    readonly TextWriter _errors;

    public RulesReplay(TextWriter output, TextWriter errors)
    {
        _output = output;
        _errors = errors;
    }

    public int Run(FileInfo fixesFile, FileInfo vehiclesFile, FileInfo? zonesFile, FileInfo? profileFile)
    {
        var profile = RuleProfile.Default;
        if (profileFile is not null)
        {
            if (!TryReadAll(profileFile, out var text))
            {
                return CannotRun;
            }
            if (!RuleProfileReader.TryRead(text, out profile, out var error))
            {
                _errors.WriteLine($"{profileFile.Name}: {error}");
                return CannotRun;
            }
        }
        var zones = SpeedZoneIndex.Empty;
        if (zonesFile is not null)
        {
            if (!TryReadAll(zonesFile, out var text))
            {
                return CannotRun;
            }
            if (!SpeedZoneIndex.TryReadGeoJson(text, out zones, out var error))
            {
                _errors.WriteLine($"{zonesFile.Name}: {error}");
                return CannotRun;
            }
        }
        if (!vehiclesFile.Exists || !fixesFile.Exists)
        {
            _errors.WriteLine($"{(vehiclesFile.Exists ? fixesFile : vehiclesFile).FullName}: file not found");
            return CannotRun;
        }

        var anyBad = false;
        List<Vehicle> vehicles;
        using (var reader = vehiclesFile.OpenText())
        {
            vehicles = VehicleCsv.Read(reader, vehiclesFile.Name, _errors, ref anyBad);
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < vehicles.Count; i++)
        {
            index[vehicles[i].Id] = i;
        }

        var engine = new RuleEngine(profile, vehicles, zones);
        var buffer = new EpisodeBuffer();
        var episodes = new Dictionary<(int, RuleKind, long, int, bool), Episode>();
        var order = new List<Episode>();
        var csv = new FixCsv(index);
        var latest = long.MinValue;
        var last = long.MinValue;
        using (var reader = fixesFile.OpenText())
        {
            var number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (line.Length == 0)
                {
                    continue;
                }
                if (!csv.HasHeader)
                {
                    if (!csv.TryReadHeader(line, out var headerError))
                    {
                        VehicleCsv.Bad(_errors, fixesFile.Name, number, headerError, ref anyBad);
                        break;
                    }
                    continue;
                }
                if (!csv.TryParse(line, out var fix, out var error))
                {
                    VehicleCsv.Bad(_errors, fixesFile.Name, number, error, ref anyBad);
                    continue;
                }
                if (latest == long.MinValue || fix.Time >= latest + TickSeconds)
                {
                    latest = fix.Time;
                    engine.AdvanceClock(latest, buffer);
                }
                engine.Process(fix, buffer);
                Collect(buffer, episodes, order);
                if (fix.Time <= engine.Clock + profile.FutureToleranceSeconds)
                {
                    // A fix the engine refused as "in the future" must not become the end of the replay either.
                    last = Math.Max(last, fix.Time);
                }
            }
        }
        engine.Drain(buffer);
        if (last != long.MinValue)
        {
            engine.AdvanceClock(last, buffer);
        }
        Collect(buffer, episodes, order);

        // Chronological for the reader; the sort is stable, so ties keep the order the engine reported them.
        foreach (var episode in order.OrderBy(e => e.Start))
        {
            _output.WriteLine(EpisodeJson.Format(episode, vehicles[episode.Vehicle]));
        }
        _output.Flush();
        return anyBad ? BadLines : Ok;
    }

    static void Collect(EpisodeBuffer buffer, Dictionary<(int, RuleKind, long, int, bool), Episode> episodes, List<Episode> order)
    {
        foreach (ref readonly var e in buffer.Events)
        {
            if (episodes.TryGetValue(Episode.KeyOf(e), out var episode))
            {
                episode.Update(e);
            }
            else
            {
                episode = new Episode(e);
                episodes.Add(episode.Key, episode);
                order.Add(episode);
            }
        }
        buffer.Clear();
    }

    bool TryReadAll(FileInfo file, out string text)
    {
        text = "";
        if (!file.Exists)
        {
            _errors.WriteLine($"{file.FullName}: file not found");
            return false;
        }
        text = File.ReadAllText(file.FullName);
        return true;
    }
}
