using System.Globalization;

namespace Monitoring.Host.Bench;

/// <summary>CPU time and resident memory from Linux's /proc, for this process and for every PostgreSQL process.</summary>
static class ProcessUsage
{
    // USER_HZ: the unit of utime/stime in /proc/[pid]/stat; 100 on every Linux architecture .NET runs on.
    const double TicksPerSecond = 100;

    public static double CpuSeconds(int pid) => TryReadStat(pid, out _, out double seconds) ? seconds : 0;

    /// <summary>CPU seconds of all processes named <c>postgres</c> still running (the server and its backends).</summary>
    public static double PostgresCpuSeconds() => CpuSecondsOf("postgres");

    /// <summary>CPU seconds of all running processes with this name (as in /proc/[pid]/stat).</summary>
    public static double CpuSecondsOf(string processName)
    {
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && TryReadStat(pid, out string name, out double seconds) && name == processName)
            {
                total += seconds;
            }
        }

        return total;
    }

    /// <summary>Resident set size of this process in MiB.</summary>
    public static double ResidentMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return double.Parse(parts[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return 0;
    }

    static bool TryReadStat(int pid, out string name, out double cpuSeconds)
    {
        name = "";
        cpuSeconds = 0;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) state ppid ..." — comm may contain spaces, so split after the closing parenthesis.
        int open = text.IndexOf('(', StringComparison.Ordinal);
        int close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return false;
        }

        name = text[(open + 1)..close];
        var fields = text[(close + 2)..].Split(' ');

        // After comm: state is field 3, utime field 14, stime field 15 (1-based in proc(5)).
        if (fields.Length < 13)
        {
            return false;
        }

        cpuSeconds = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        return true;
    }
}
