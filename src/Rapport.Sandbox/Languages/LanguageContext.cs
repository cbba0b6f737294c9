using Rapport.Sandbox.CSharp;
using Rapport.Sandbox.Isolation;

namespace Rapport.Sandbox.Languages;

/// <summary>What a language may use while compiling one run or reading its version.</summary>
internal sealed class LanguageContext(SandboxHost host, StepRunner steps, CSharpCompilerWorker csharp, int uid, RunDirectory? box)
{
    private static readonly StepLimits ToolLimits = new()
    {
        CpuTime = TimeSpan.FromSeconds(10),
        WallTime = TimeSpan.FromSeconds(20),
        MemoryBytes = 512 * RunLimits.MiB,
        MaxProcesses = 64,
    };

    public SandboxOptions Options => host.Options;

    public CSharpCompilerWorker CSharp => csharp;

    public RunDirectory Box => box ?? throw new InvalidOperationException("This step has no run directory.");

    public int Uid => uid;

    public Task<StepOutcome> RunStepAsync(SandboxCommand command, StepLimits limits, CancellationToken cancellationToken) =>
        steps.RunAsync(command, limits, uid, [], null, cancellationToken);

    public Task<StepOutcome> RunToolAsync(SandboxCommand command, CancellationToken cancellationToken) =>
        steps.RunAsync(command, ToolLimits, uid, [], null, cancellationToken);
}
