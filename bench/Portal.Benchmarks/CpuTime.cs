using System.Diagnostics;

namespace Portal.Benchmarks;

/// <summary>
/// Processor time spent over a stretch of the run, in milliseconds: by this process (the Api and its callers), by the
/// PostgreSQL server (its main process, its live backends, and the backends that have exited), and by the whole machine.
/// It tells how much of the machine one booking costs, and whose share is whose.
/// </summary>
public sealed record CpuTime(double ThisProcessMs, double PostgresMs, double MachineMs)
{
    /// <summary>Linux counts processor time in clock ticks of 10 ms (USER_HZ).</summary>
    private const double MsPerTick = 10;

    public static CpuTime Now(int postgresServerProcessId)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuTime(self.TotalProcessorTime.TotalMilliseconds, PostgresMsOf(postgresServerProcessId), MachineBusyMs());
    }

    public CpuTime Since(CpuTime start) =>
        new(ThisProcessMs - start.ThisProcessMs, PostgresMs - start.PostgresMs, MachineMs - start.MachineMs);

    public CpuTime Per(double units) =>
        new(ThisProcessMs / Math.Max(1, units), PostgresMs / Math.Max(1, units), MachineMs / Math.Max(1, units));

    public string Describe(string unit, string thisProcess) =>
        $"{MachineMs:0.00} ms of processor per {unit}: {thisProcess} {ThisProcessMs:0.00}, PostgreSQL {PostgresMs:0.00}, "
        + $"the rest {MachineMs - ThisProcessMs - PostgresMs:0.00}";

    /// <summary>The main process's own time and its reaped children's (cutime, cstime), plus every live child's.</summary>
    private static double PostgresMsOf(int serverProcessId)
    {
        var ticks = 0L;
        foreach (var (processId, stat) in Directory.EnumerateDirectories("/proc")
                     .Select(dir => (Id: int.TryParse(Path.GetFileName(dir), out var id) ? id : 0, Stat: Path.Combine(dir, "stat")))
                     .Where(process => process.Id > 0))
        {
            string[] fields;
            try
            {
                // The command name, in parentheses, may hold spaces: the fields after it are counted from its end.
                var text = File.ReadAllText(stat);
                fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // After the name: state, ppid, ... utime is the 12th, stime the 13th, cutime the 14th, cstime the 15th.
            if (processId == serverProcessId)
            {
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            }
            else if (fields[1] == serverProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
        }

        return ticks * MsPerTick;
    }

    /// <summary>
    /// Busy time of all cores: the first line of /proc/stat, user to softirq, less idle and iowait. Steal (time the
    /// hypervisor gave to other machines) is left out, and guest time is in user time already.
    /// </summary>
    private static double MachineBusyMs()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return (fields.Take(7).Sum() - fields[3] - fields[4]) * MsPerTick;
    }
}
