namespace Rapport.Sandbox.Tests;

/// <summary>Each limit produces its own verdict, drawn from evidence rather than guessed.</summary>
[Collection(RealSandbox.Name)]
public sealed class LimitTests(SandboxFixture fixture)
{
    private static readonly RunLimits Small = new()
    {
        CpuTime = TimeSpan.FromSeconds(1),
        WallTime = TimeSpan.FromSeconds(4),
        MemoryBytes = 64 * RunLimits.MiB,
    };

    [Fact]
    public async Task InfiniteLoop_IsACpuTimeLimit()
    {
        var result = await fixture.RunAsync("python", "while True:\n    pass\n", limits: Small);

        Verdicts.AssertVerdict(Verdict.CpuTimeLimit, result);
        Assert.True(result.CpuTime >= Small.CpuTime, $"stopped after {result.CpuTime} of CPU");
        Assert.StartsWith("Your program used more than 1 s of processor time", result.Message, StringComparison.Ordinal);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task SleepForever_IsAWallTimeLimit_NotACpuOne()
    {
        var result = await fixture.RunAsync("python", "import time\ntime.sleep(3600)\n", limits: Small with { WallTime = TimeSpan.FromSeconds(1.5) });

        Verdicts.AssertVerdict(Verdict.WallTimeLimit, result);
        Assert.True(result.WallTime >= TimeSpan.FromSeconds(1.5));
        Assert.True(result.CpuTime < Small.CpuTime);
        Assert.Contains("without using much processor time", result.Message, StringComparison.Ordinal);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task ABurstOfWorkThenSleep_IsToldItWaited_NotThatItLooped()
    {
        // Processor time up front, more than a tenth of the 8 s limit (which the message once went
        // by: a share of the whole run), then sleep: when the clock stops it, it has been idle for seconds.
        var limits = Small with { CpuTime = TimeSpan.FromSeconds(3), WallTime = TimeSpan.FromSeconds(8) };
        var result = await fixture.RunAsync(
            "python",
            "import time\nstart = time.process_time()\nwhile time.process_time() - start < 1.5:\n    pass\ntime.sleep(3600)\n",
            limits: limits);

        Verdicts.AssertVerdict(Verdict.WallTimeLimit, result);
        Assert.True(result.CpuTime >= limits.WallTime / 10, $"used {result.CpuTime}: too little to tell the two rules apart");
        Assert.Contains("Is it waiting for input that never comes, or sleeping?", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitingForInputThatNeverComes_IsAWallTimeLimit()
    {
        // stdin is closed at once, so reading returns; a blocking pipe read of its own never does.
        var result = await fixture.RunAsync("python", "import os\nr, w = os.pipe()\nos.read(r, 1)\n", limits: Small with { WallTime = TimeSpan.FromSeconds(1.5) });

        Verdicts.AssertVerdict(Verdict.WallTimeLimit, result);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task PythonMemoryHog_IsAMemoryLimit_FromTheKernelsOomRecord()
    {
        var result = await fixture.RunAsync("python", "data = b'x' * (1 << 30)\nprint(len(data))\n", limits: Small);

        Verdicts.AssertVerdict(Verdict.MemoryLimit, result);
        // Killed by the OOM killer (SIGKILL), not a MemoryError the program could have printed itself.
        Assert.Equal(9, result.Signal);
        Assert.DoesNotContain("MemoryError", result.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("Your program ran out of memory (the limit is 64 MB)", result.Message, StringComparison.Ordinal);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task NumpyMemoryHog_IsAMemoryLimit()
    {
        // Time enough that only memory can stop it: importing numpy and filling pages against the
        // cgroup's limit took more than a second of CPU on a loaded machine (seen in CI).
        var result = await fixture.RunAsync("python", "import numpy as np\na = np.ones((20000, 20000))\nprint(a.sum())\n",
            limits: Small with { MemoryBytes = 128 * RunLimits.MiB, CpuTime = TimeSpan.FromSeconds(10), WallTime = TimeSpan.FromSeconds(20) });

        Verdicts.AssertVerdict(Verdict.MemoryLimit, result);
        Assert.Equal(9, result.Signal);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task ExitedBySigkillWithoutAnOomRecord_IsNotCalledAMemoryLimit()
    {
        var result = await fixture.RunAsync("python", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n", limits: Small);

        Verdicts.AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal(9, result.Signal);
        Assert.Equal("killed", result.RuntimeError?.Kind);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task CppAbort_IsASigabrtNotASegfault()
    {
        var result = await fixture.RunAsync("cpp", "#include <cstdlib>\nint main() { std::abort(); }\n", limits: Small);

        Verdicts.AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal(6, result.Signal);
        Assert.Equal("aborted", result.RuntimeError?.Kind);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task CSharpHeapExhaustion_IsAMemoryLimit()
    {
        var result = await fixture.RunAsync("csharp", """
            var blocks = new List<byte[]>();
            while (true)
            {
                var block = new byte[1 << 20];
                Array.Fill(block, (byte)1);
                blocks.Add(block);
            }
            """, limits: Small with { MemoryBytes = 128 * RunLimits.MiB, WallTime = TimeSpan.FromSeconds(10), CpuTime = TimeSpan.FromSeconds(5) });

        Verdicts.AssertVerdict(Verdict.MemoryLimit, result);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task JavaScriptRunsWithoutAnAddressSpaceLimit_AndItsHogIsAMemoryLimit()
    {
        var result = await fixture.RunAsync("javascript", """
            const blocks = [];
            for (;;) blocks.push(Buffer.alloc(1 << 20, 1));
            """, limits: Small with { MemoryBytes = 128 * RunLimits.MiB, CpuTime = TimeSpan.FromSeconds(5), WallTime = TimeSpan.FromSeconds(10) });

        Verdicts.AssertVerdict(Verdict.MemoryLimit, result);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task CppCompileBomb_IncludeDevZero_IsACompileErrorAboutTheCompiler()
    {
        var result = await fixture.RunAsync("cpp", "#include \"/dev/zero\"\nint main() {}\n");

        Verdicts.AssertVerdict(Verdict.CompileError, result);
        Assert.StartsWith("The compiler", result.Message, StringComparison.Ordinal);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task CppCompileBomb_ExponentialTemplates_IsStopped()
    {
        var result = await fixture.RunAsync("cpp", """
            template <class A, class B> struct Pair {};
            template <int N, class T> struct Bomb
            {
                using Left = typename Bomb<N - 1, Pair<T, T>>::Type;
                using Right = typename Bomb<N - 1, Pair<T, Left>>::Type;
                using Type = Pair<Left, Right>;
            };
            template <class T> struct Bomb<0, T> { using Type = T; };
            int main() { typename Bomb<40, int>::Type boom; (void)boom; }
            """);

        Verdicts.AssertVerdict(Verdict.CompileError, result);
        Assert.StartsWith("The compiler", result.Message, StringComparison.Ordinal);

        await fixture.AssertHostUnchangedAsync();
    }

    [Fact]
    public async Task CSharpCompileBomb_StopsTheCompiler_AndTheNextCompileStillWorks()
    {
        // Overload resolution of nested lambdas is exponential in their depth: 3^14 bindings.
        var nested = "0";
        for (var depth = 13; depth >= 0; depth--)
        {
            nested = $"C.M(a{depth} => {nested})";
        }

        var result = await fixture.RunAsync("csharp", $$"""
            Console.WriteLine({{nested}});
            static class C
            {
                public static int M(Func<int, int> f) => 0;
                public static int M(Func<string, int> f) => 0;
                public static int M(Func<long, int> f) => 0;
            }
            """);

        Verdicts.AssertVerdict(Verdict.CompileError, result);
        Assert.Equal("The compiler took longer than 3 s on this code, so it was stopped.", result.Message);
        Assert.Empty(HostProcesses.OwnedByUids(fixture.Options.CompilerUid, 1));

        var next = await fixture.RunAsync("csharp", "Console.WriteLine(\"still here\");");
        Verdicts.AssertVerdict(Verdict.Ok, next);
        Assert.Equal("still here\n", next.Stdout);

        await fixture.AssertHostUnchangedAsync();
    }
}
