using Rapport.Sandbox;

namespace Rapport.Features.Runs.Workers;

/// <summary>
/// A web node's view of its sandbox workers, for <c>rapport doctor</c> and <c>rapport sandbox check</c>:
/// each worker in the file asked once, with what it runs or why it takes no runs, and the fix.
/// </summary>
public static class WorkerDoctor
{
    public static async Task<IReadOnlyList<SandboxCheck>> CheckAsync(SandboxSettings settings, CancellationToken ct)
    {
        var file = settings.WorkersFile!;
        var (addresses, problem) = WorkerList.Read(file);
        if (problem is not null)
        {
            return [new SandboxCheck("workers", false, problem, "correct the file: one worker address per line, like http://10.0.0.7:5090")];
        }

        if (addresses.Count == 0)
        {
            return [new SandboxCheck("workers", false, $"{file} names no worker, so Run is switched off in every room", "start 'rapport sandbox serve' on a machine with bubblewrap and add its address to the file")];
        }

        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) });
        var signature = new WorkerSignature(settings.WorkerSecret!, TimeProvider.System);
        var checks = new List<SandboxCheck> { new("workers", true, $"{addresses.Count} in {file}") };
        foreach (var address in addresses)
        {
            var worker = new SandboxWorker(address, http, signature);
            await worker.AskAsync(ct);
            checks.Add(worker.TakesRuns
                ? new SandboxCheck($"worker {address}", true, $"takes runs ({worker.Status!.Slots} at once): {string.Join(", ", worker.Status.Languages.Select(l => l.Version))}; Rapport {worker.Status.Version}")
                : new SandboxCheck($"worker {address}", false, worker.Problem!, Fix(worker)));
        }

        return checks;
    }

    private static string Fix(SandboxWorker worker) => worker.Problem switch
    {
        { } p when p.Contains("signature", StringComparison.Ordinal) => "give the web nodes and the workers the same Sandbox:WorkerSecret",
        { } p when p.Contains("cannot run code", StringComparison.Ordinal) => $"run 'rapport sandbox check' on {worker.Address.Host}",
        _ => $"start 'rapport sandbox serve' on {worker.Address.Host} (listening on port {worker.Address.Port}), or take it out of Sandbox:WorkersFile",
    };
}
