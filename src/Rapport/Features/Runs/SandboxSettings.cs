using Rapport.Features.Runs.Workers;
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

    /// <summary>
    /// A file naming sandbox workers (<c>rapport sandbox serve</c>), one address per line: runs go to
    /// them and this machine runs no code itself, so it needs neither root nor bubblewrap (ADR 17).
    /// Read again while serving: edit it to add or remove workers.
    /// </summary>
    public string? WorkersFile { get; set; }

    /// <summary>
    /// The secret a web node signs its requests to workers with and a worker checks them against:
    /// the same on both, at least <see cref="WorkerSignature.MinimumSecretLength"/> characters.
    /// </summary>
    public string? WorkerSecret { get; set; }

    public SandboxSettings Validated()
    {
        Check(Workers is >= 1 and <= 256, nameof(Workers), $"{Workers} workers: use 1 to 256 (one per core is the usual choice).");
        Check(MaxWaiting is >= 0 and <= 10_000, nameof(MaxWaiting), $"{MaxWaiting}: use 0 to 10000 waiting runs.");
        Check(PrestartedSandboxes is >= 0 and <= 64, nameof(PrestartedSandboxes), $"{PrestartedSandboxes}: use 0 (off) to 64.");
        Check(FirstUid >= 1000, nameof(FirstUid), $"{FirstUid} is a system uid; choose a range of uids at or above 1000 that no account uses.");
        Check(UidCount >= Workers + PrestartedSandboxes, nameof(UidCount), $"{UidCount} uids cannot serve {Workers} workers and {PrestartedSandboxes} prestarted sandboxes; use at least {Workers + PrestartedSandboxes}.");
        Check(CompilerUid >= 1000 && (CompilerUid < FirstUid || CompilerUid >= FirstUid + UidCount), nameof(CompilerUid), $"{CompilerUid} must be at or above 1000 and outside the run uids {FirstUid}-{FirstUid + UidCount - 1}.");
        Check(Path.IsPathFullyQualified(WorkDirectory), nameof(WorkDirectory), $"'{WorkDirectory}' is not an absolute path.");
        if (string.IsNullOrWhiteSpace(WorkersFile))
        {
            WorkersFile = null;
            return this;
        }

        Check(Path.IsPathFullyQualified(WorkersFile), nameof(WorkersFile), $"'{WorkersFile}' is not an absolute path; name the file of worker addresses, like /etc/rapport/workers.");
        Check(File.Exists(WorkersFile), nameof(WorkersFile), $"{WorkersFile} does not exist; create it with one sandbox worker's address per line, like http://10.0.0.7:5090.");
        var (_, problem) = WorkerList.Read(WorkersFile);
        Check(problem is null, nameof(WorkersFile), $"{problem}.");
        CheckSecret(WorkerSecret, $"{Section}:{nameof(WorkersFile)} is set");
        return this;

        static void Check(bool valid, string name, string problem)
        {
            if (!valid)
            {
                throw new InvalidSettingException($"{Section}:{name}", problem);
            }
        }
    }

    /// <summary>A worker secret both sides can trust: set, and long enough not to be guessed.</summary>
    public static void CheckSecret(string? secret, string because)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new InvalidSettingException($"{Section}:{nameof(WorkerSecret)}", $"is required when {because}: the same secret of at least {WorkerSignature.MinimumSecretLength} characters on the web nodes and the workers (make one with 'openssl rand -hex 32').");
        }

        if (secret.Length < WorkerSignature.MinimumSecretLength)
        {
            throw new InvalidSettingException($"{Section}:{nameof(WorkerSecret)}", $"is {secret.Length} characters; use at least {WorkerSignature.MinimumSecretLength} (make one with 'openssl rand -hex 32').");
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
