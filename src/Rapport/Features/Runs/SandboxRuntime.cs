using Rapport.Sandbox;

namespace Rapport.Features.Runs;

/// <summary>Whether code can run here; <see cref="Message"/> is for the people in the room, <see cref="OperatorDetail"/> for operators.</summary>
public sealed record SandboxAvailability(bool Available, string Message, string? OperatorDetail);

/// <summary>
/// The host's one sandbox, created on first use (a host that never runs code never sets it up):
/// the machine's bubblewrap sandbox behind a bounded queue with a worker per core. When isolation
/// is missing, or <c>Sandbox:Enabled</c> is false, it says so and runs nothing: there is no
/// fallback to running code without isolation.
/// </summary>
public sealed class SandboxRuntime(SandboxSettings settings, TimeProvider time) : IAsyncDisposable
{
    public const string Disabled =
        "Running code is switched off on this server (setting Sandbox:Enabled), so the Run button does nothing. You can still write and talk through code together.";

    private readonly Lock gate = new();
    private BubblewrapSandbox? machine;
    private BoundedSandbox? jobs;
    private bool disposed;

    public SandboxAvailability Availability
    {
        get
        {
            if (!settings.Enabled)
            {
                return new(false, Disabled, "Sandbox:Enabled is false.");
            }

            var sandbox = Machine();
            return sandbox.IsAvailable
                ? new(true, "Code runs in an isolated sandbox on this server.", null)
                : new(false, UnavailableForPeople, sandbox.UnavailableReason);
        }
    }

    /// <summary>The job API: bounded, so a full queue answers Busy with a retry estimate at once.</summary>
    public ISandbox Jobs
    {
        get
        {
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
                return jobs?.Admitted ?? 0;
            }
        }
    }

    /// <summary>The languages with the versions that really run; empty when code cannot run here.</summary>
    public async Task<IReadOnlyList<LanguageInfo>> LanguagesAsync(CancellationToken ct) =>
        Availability.Available ? await Machine().GetLanguagesAsync(ct) : [];

    private const string UnavailableForPeople =
        "Running code is not available on this server right now, so the Run button is switched off. This is a server setting, not a problem with your code; you can keep writing and talking it through.";

    private BubblewrapSandbox Machine()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return machine ??= BubblewrapSandbox.Create(settings.ToOptions(), time);
        }
    }

    public async ValueTask DisposeAsync()
    {
        BubblewrapSandbox? sandbox;
        lock (gate)
        {
            disposed = true;
            sandbox = machine;
            machine = null;
        }

        jobs?.Dispose();
        if (sandbox is not null)
        {
            await sandbox.DisposeAsync();
        }
    }
}
