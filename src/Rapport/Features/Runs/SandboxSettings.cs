using Rapport.Infrastructure;
using Rapport.Sandbox;

namespace Rapport.Features.Runs;

/// <summary>
/// Running candidates' code (section <c>Sandbox</c>). The defaults suit one machine: a worker per
/// core and a short queue. <see cref="Enabled"/> = false switches Run off everywhere with a
/// clear message; code never runs outside the sandbox.
/// </summary>
public sealed class SandboxSettings
{
    public const string Section = "Sandbox";

    public bool Enabled { get; set; } = true;

    /// <summary>Runs at once; more than the machine's cores only makes each run slower.</summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>Runs that may wait for a worker; beyond that people are told "busy, retry in N s".</summary>
    public int MaxWaiting { get; set; } = 2 * Environment.ProcessorCount;

    public int PrestartedSandboxes { get; set; } = new SandboxOptions().PrestartedSandboxes;

    public string WorkDirectory { get; set; } = new SandboxOptions().WorkDirectory;

    public int FirstUid { get; set; } = new SandboxOptions().FirstUid;

    public int UidCount { get; set; } = new SandboxOptions().UidCount;

    public int CompilerUid { get; set; } = new SandboxOptions().CompilerUid;

    public SandboxSettings Validated()
    {
        Check(Workers is >= 1 and <= 256, nameof(Workers), $"{Workers} workers: use 1 to 256 (one per core is the usual choice).");
        Check(MaxWaiting is >= 0 and <= 10_000, nameof(MaxWaiting), $"{MaxWaiting}: use 0 to 10000 waiting runs.");
        Check(PrestartedSandboxes is >= 0 and <= 64, nameof(PrestartedSandboxes), $"{PrestartedSandboxes}: use 0 (off) to 64.");
        Check(FirstUid >= 1000, nameof(FirstUid), $"{FirstUid} is a system uid; choose a range of uids at or above 1000 that no account uses.");
        Check(UidCount >= Workers + PrestartedSandboxes, nameof(UidCount), $"{UidCount} uids cannot serve {Workers} workers and {PrestartedSandboxes} prestarted sandboxes; use at least {Workers + PrestartedSandboxes}.");
        Check(CompilerUid >= 1000 && (CompilerUid < FirstUid || CompilerUid >= FirstUid + UidCount), nameof(CompilerUid), $"{CompilerUid} must be at or above 1000 and outside the run uids {FirstUid}-{FirstUid + UidCount - 1}.");
        Check(Path.IsPathFullyQualified(WorkDirectory), nameof(WorkDirectory), $"'{WorkDirectory}' is not an absolute path.");
        return this;

        static void Check(bool valid, string name, string problem)
        {
            if (!valid)
            {
                throw new InvalidSettingException($"{Section}:{name}", problem);
            }
        }
    }

    public SandboxOptions ToOptions() => new()
    {
        WorkDirectory = WorkDirectory,
        FirstUid = FirstUid,
        UidCount = UidCount,
        PrestartedSandboxes = PrestartedSandboxes,
        CompilerUid = CompilerUid,
    };
}
