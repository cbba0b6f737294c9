namespace Rapport.Sandbox;

/// <summary>Where the sandbox finds its tools and what it may use on this machine.</summary>
public sealed record SandboxOptions
{
    /// <summary>Run directories and the seccomp program live here; every ancestor must be searchable by the pool's uids.</summary>
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "rapport-sandbox");

    /// <summary>Each concurrent run gets its own uid from [FirstUid, FirstUid + UidCount); none of them may own anything on the host.</summary>
    public int FirstUid { get; init; } = 60100;

    public int UidCount { get; init; } = 64;

    /// <summary>
    /// Sandboxes kept set up and waiting, so a plain run skips namespace and cgroup setup. Each
    /// holds a uid of the pool and a few idle processes; 0 turns this off.
    /// </summary>
    public int PrestartedSandboxes { get; init; } = 2;

    /// <summary>The uid the long-lived C# compiler worker runs as.</summary>
    public int CompilerUid { get; init; } = 60099;

    /// <summary>The per-run cgroups are created below a child of this name of the process's own cgroup.</summary>
    public string CgroupName { get; init; } = "rapport-sandbox";

    public string BubblewrapPath { get; init; } = "/usr/bin/bwrap";

    public string SetprivPath { get; init; } = "/usr/bin/setpriv";

    public string ShellPath { get; init; } = "/bin/sh";

    /// <summary>Debian's python3: numpy (python3-numpy) is installed for this one only.</summary>
    public string PythonPath { get; init; } = "/usr/bin/python3";

    public string NodePath { get; init; } = "/usr/bin/node";

    public string GppPath { get; init; } = "/usr/bin/g++";

    public string DotnetPath { get; init; } = "/usr/bin/dotnet";

    /// <summary>The C# compiler worker's build output (Rapport.Sandbox.CSharp.dll and Roslyn).</summary>
    public string CSharpCompilerDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "csharp-compiler");

    /// <summary>A C# compile that takes longer than this is stopped and the worker restarted.</summary>
    public TimeSpan CSharpCompileTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public long CSharpCompilerMemoryBytes { get; init; } = 1024 * RunLimits.MiB;
}
