using static Rapport.Sandbox.Tests.Verdicts;

namespace Rapport.Sandbox.Tests;

/// <summary>Bad input gets a clear answer before anything runs.</summary>
[Collection(RealSandbox.Name)]
public sealed class RequestValidationTests(SandboxFixture fixture)
{
    [Theory]
    [InlineData("cobol", "DISPLAY 'HI'.", "Unknown language 'cobol'. Choose one of: python, javascript, cpp, csharp.")]
    [InlineData("python", "", "There is no code to run yet.")]
    [InlineData("python", "   \n\t", "There is no code to run yet.")]
    [InlineData("python", "print(1)\0\u0001\u0002", "The code contains binary data (NUL or other control characters), not text.")]
    public async Task BadRequest_IsRejectedWithAClearMessage(string language, string source, string message)
    {
        var result = await fixture.RunAsync(language, source);

        AssertVerdict(Verdict.Rejected, result);
        Assert.Equal(message, result.Message);
        Assert.Null(result.LanguageVersion);
    }

    [Fact]
    public async Task FiveMegabyteSource_IsRejected()
    {
        var result = await fixture.RunAsync("python", "# " + new string('x', 5 * 1024 * 1024));

        AssertVerdict(Verdict.Rejected, result);
        Assert.Equal("The code is larger than 256 KB; that is far more than an interview needs.", result.Message);
    }

    [Fact]
    public async Task HundredMegabyteStdin_IsRejected()
    {
        var result = await fixture.RunAsync("python", "print(1)", stdin: new string('1', 100 * 1024 * 1024));

        AssertVerdict(Verdict.Rejected, result);
        Assert.Equal("The input is larger than 16 MB.", result.Message);
    }

    [Fact]
    public async Task InvalidLimits_AreRejectedWithEveryProblem()
    {
        var result = await fixture.RunAsync("python", "print(1)", limits: new RunLimits
        {
            CpuTime = TimeSpan.FromSeconds(10),
            WallTime = TimeSpan.FromSeconds(5),
            MemoryBytes = 1024,
            MaxProcesses = 2,
        });

        AssertVerdict(Verdict.Rejected, result);
        Assert.Equal(
            "Wall time must be at least the CPU time and at most 120 seconds. Memory must be between 32 MiB and 4 GiB. Processes must be between 16 and 1024 (runtimes start threads, which count).",
            result.Message);
    }

    [Fact]
    public async Task DuplicateTestNames_AreRejected()
    {
        var result = await fixture.RunAsync("python", "print(1)", tests:
        [
            new TestCase { Name = "a", ExpectedOutput = "1" },
            new TestCase { Name = "a", ExpectedOutput = "1" },
        ]);

        AssertVerdict(Verdict.Rejected, result);
        Assert.Equal("Every test needs a name of its own.", result.Message);
    }
}
