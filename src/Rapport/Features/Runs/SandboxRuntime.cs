using Rapport.Features.Runs.Workers;
using Rapport.Sandbox;

namespace Rapport.Features.Runs;

/// <summary>Whether code can run here; <see cref="Message"/> is for the people in the room, <see cref="OperatorDetail"/> for operators.</summary>
public sealed record SandboxAvailability(bool Available, string Message, string? OperatorDetail);

/// <summary>
/// The host's one sandbox, created on first use (a host that never runs code never sets it up):
/// the machine's bubblewrap sandbox behind a bounded queue with a worker per core, or, with
/// <c>Sandbox:WorkersFile</c>, the sandbox workers named there (ADR 17), and then this machine
/// never touches bubblewrap. When isolation is missing, no worker takes runs, or
/// <c>Sandbox:Enabled</c> is false, it says so and runs nothing: there is no fallback to running
/// code without isolation.
/// </summary>
public sealed class SandboxRuntime(SandboxSettings settings, TimeProvider time, ILoggerFactory? loggers = null) : IAsyncDisposable
{
    public const string Disabled =
        "Running code is switched off on this server (setting Sandbox:Enabled), so the Run button does nothing. You can still write and talk through code together.";

    private readonly Lock gate = new();
    private BubblewrapSandbox? machine;
    private BoundedSandbox? jobs;
    private SandboxWorkers? remote;
    private bool disposed;

    /// <summary>True when runs go to sandbox workers rather than this machine's own sandbox.</summary>
    public bool UsesWorkers => settings.WorkersFile is not null;

    /// <summary>Whether Run works now. With workers, the first call waits for the first round of asking them (a few seconds at most).</summary>
    public async Task<SandboxAvailability> AvailabilityAsync(CancellationToken ct)
    {
        if (!settings.Enabled)
        {
            return new(false, Disabled, "Sandbox:Enabled is false.");
        }

        var (available, detail) = UsesWorkers
            ? await Workers().AvailabilityAsync(ct)
            : (Machine().IsAvailable, Machine().UnavailableReason);
        return available
            ? new(true, "Code runs in an isolated sandbox on this server.", null)
            : new(false, UnavailableForPeople, detail);
    }

    /// <summary>The sandbox workers, when runs go to them; null otherwise.</summary>
    public SandboxWorkers? RemoteWorkers => UsesWorkers ? Workers() : null;

    /// <summary>The job API: bounded, so a full queue answers Busy with a retry estimate at once (each worker bounds its own).</summary>
    public ISandbox Jobs
    {
        get
        {
            if (UsesWorkers)
            {
                return Workers();
            }

            var sandbox = Machine();
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                return jobs ??= new BoundedSandbox(sandbox, time, settings.Workers, settings.MaxWaiting);
            }
        }
    }

    /// <summary>Runs running or waiting now (0 before the first run).</summary>
    public int Admitted
    {
        get
        {
            lock (gate)
            {
                return remote?.Running ?? jobs?.Admitted ?? 0;
            }
        }
    }

    /// <summary>The languages with the versions that really run; empty when code cannot run here.</summary>
    public async Task<IReadOnlyList<LanguageInfo>> LanguagesAsync(CancellationToken ct) =>
        !(await AvailabilityAsync(ct)).Available ? []
        : UsesWorkers ? await Workers().GetLanguagesAsync(ct)
        : await Machine().GetLanguagesAsync(ct);

    public const string UnavailableForPeople =
        "Running code is not available on this server right now, so the Run button is switched off. This is a server setting, not a problem with your code; you can keep writing and talking it through.";

    private BubblewrapSandbox Machine()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return machine ??= BubblewrapSandbox.Create(settings.ToOptions(), time);
        }
    }

    private SandboxWorkers Workers()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return remote ??= new SandboxWorkers(
                settings.WorkersFile!,
                settings.WorkerSecret!,
                (loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger<SandboxWorkers>());
        }
    }

    public async ValueTask DisposeAsync()
    {
        BubblewrapSandbox? sandbox;
        SandboxWorkers? workers;
        lock (gate)
        {
            disposed = true;
            sandbox = machine;
            machine = null;
            workers = remote;
            remote = null;
        }

        if (workers is not null)
        {
            await workers.DisposeAsync();
        }

        jobs?.Dispose();
        if (sandbox is not null)
        {
            await sandbox.DisposeAsync();
        }
    }
}
