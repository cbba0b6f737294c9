using static Rapport.Sandbox.Tests.Verdicts;

namespace Rapport.Sandbox.Tests;

/// <summary>When isolation is missing, code does not run (never unsandboxed) and the fix is named.</summary>
[Collection(RealSandbox.Name)]
public sealed class ReadinessTests(SandboxFixture fixture)
{
    [Fact]
    public async Task MissingBubblewrap_DisablesRunning_WithACandidateMessageAndAnOperatorFix()
    {
        await using var sandbox = BubblewrapSandbox.Create(fixture.Options with { BubblewrapPath = "/nonexistent/bwrap" }, TimeProvider.System);

        var result = await sandbox.RunAsync(new RunRequest { Language = "python", Source = "print(1)" }, null, CancellationToken.None);

        Assert.False(sandbox.IsAvailable);
        AssertVerdict(Verdict.Unavailable, result);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("Running code is switched off on this server right now, so nothing was run.", result.Message, StringComparison.Ordinal);
        Assert.Equal("/nonexistent/bwrap is missing. Fix: apt-get install -y bubblewrap", result.OperatorDetail);
    }

    [Fact]
    public async Task Doctor_OnThisMachine_PassesEveryCheckIncludingEndToEnd()
    {
        var checks = await SandboxDoctor.CheckAsync(fixture.Options, TimeProvider.System, CancellationToken.None);

        Assert.All(checks, check => Assert.True(check.Passed, $"{check.Name}: {check.Detail} / {check.Fix}"));
        Assert.Contains(checks, c => c.Name == "No network" && c.Detail == "interfaces: lo");
        Assert.Contains(checks, c => c.Name == "Seccomp filter and no_new_privs");
        Assert.Contains(checks, c => c.Name == "C# in the sandbox" && c.Detail.StartsWith("C# ", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.Name == "Per-run cgroups (memory, pids, CPU)" && c.Detail.StartsWith("cgroup v", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Doctor_WithMissingTools_NamesTheAptLines_AndSkipsEndToEnd()
    {
        var checks = await SandboxDoctor.CheckAsync(
            fixture.Options with { BubblewrapPath = "/nonexistent/bwrap", NodePath = "/nonexistent/node", CSharpCompilerDirectory = "/nonexistent" },
            TimeProvider.System,
            CancellationToken.None);

        var failed = checks.Where(c => !c.Passed).ToDictionary(c => c.Name, c => c.Fix);
        Assert.Equal("apt-get install -y bubblewrap", failed["bubblewrap"]);
        Assert.Equal("apt-get install -y nodejs", failed["Node.js"]);
        Assert.StartsWith("Build rapport again", failed["C# compiler worker"], StringComparison.Ordinal);
        Assert.Equal("Fix the failing checks above, then run the check again.", failed["Isolation end to end"]);
        Assert.Equal(4, failed.Count);
    }

    [Fact]
    public async Task Languages_ListEachWithTheRealToolchainVersion()
    {
        var languages = await fixture.Sandbox.GetLanguagesAsync(CancellationToken.None);

        Assert.Equal(["python", "javascript", "cpp", "csharp"], languages.Select(l => l.Id));
        var versions = languages.ToDictionary(l => l.Id, l => l.Version);
        Assert.Matches(@"^Python 3\.\d+\.\d+ with NumPy \d+\.\d+", versions["python"]);
        Assert.Matches(@"^Node\.js \d+\.\d+\.\d+$", versions["javascript"]);
        Assert.Matches(@"^g\+\+ \d+\.\d+\.\d+, C\+\+20", versions["cpp"]);
        Assert.Matches(@"^C# \d+\.\d+ \(Roslyn \d+\.\d+\.\d+\) on \.NET \d+\.\d+\.\d+$", versions["csharp"]);
        Assert.Equal("main.cpp", languages[2].FileName);
    }
}
