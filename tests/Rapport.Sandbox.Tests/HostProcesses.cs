using System.Globalization;

namespace Rapport.Sandbox.Tests;

/// <summary>What the host looks like from outside the sandbox, to prove a run left nothing behind.</summary>
internal static class HostProcesses
{
    /// <summary>
    /// Host pids of live processes whose real uid is in [first, first + count). Zombies are not
    /// counted: they are dead and hold nothing but a pid until the host's init reaps them (here
    /// PID 1 reaps bubblewrap's orphaned reaper a moment later).
    /// </summary>
    public static IReadOnlyList<int> OwnedByUids(int first, int count)
    {
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var status = File.ReadAllLines(Path.Join(directory, "status"));
                var uidLine = status.First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
                var uid = int.Parse(uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                var zombie = status.Any(l => l.StartsWith("State:\tZ", StringComparison.Ordinal));
                if (uid >= first && uid < first + count && !zombie)
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return pids;
    }

    /// <summary>The process's cgroup lines ("" if it is gone).</summary>
    public static string Cgroups(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cgroup");
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static string Status(int pid, string key) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
}
