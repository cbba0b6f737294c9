using Rapport.Features.Runs;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// One real sandbox for every test app of this process, as a server has one per machine: set up
/// once (cgroups, prestarted sandboxes, the C# compiler worker), on its own uid range so it never
/// shares uids with the sandbox's own test suite or a server running here.
/// </summary>
public static class SharedSandbox
{
    public static SandboxSettings Settings { get; } = new SandboxSettings
    {
        Workers = 2,
        MaxWaiting = 32,
        PrestartedSandboxes = 1,
        FirstUid = 60400,
        UidCount = 16,
        CompilerUid = 60399,
    }.Validated();

    private static readonly Lazy<SandboxRuntime> Shared = new(() =>
    {
        var runtime = new SandboxRuntime(Settings, TimeProvider.System);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return runtime;
    });

    public static SandboxRuntime Runtime => Shared.Value;
}
