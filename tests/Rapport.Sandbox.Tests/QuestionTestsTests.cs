using static Rapport.Sandbox.Tests.Verdicts;

namespace Rapport.Sandbox.Tests;

/// <summary>Questions with tests: compiled once, run per test, hidden tests reveal only pass or fail.</summary>
[Collection(RealSandbox.Name)]
public sealed class QuestionTestsTests(SandboxFixture fixture)
{
    private const string Doubler = "import sys\nn = int(sys.stdin.read())\nprint(n * 2 if n != 7 else 0)\n";

    [Fact]
    public async Task Tests_ReportEachCase_ShowingExpectedAndActualOnlyForVisibleOnes()
    {
        var result = await fixture.RunAsync("python", Doubler, tests:
        [
            new TestCase { Name = "small", Stdin = "2", ExpectedOutput = "4\n", IsVisible = true },
            new TestCase { Name = "visible-wrong", Stdin = "7", ExpectedOutput = "14\n", IsVisible = true },
            new TestCase { Name = "hidden-right", Stdin = "50", ExpectedOutput = "100" },
            new TestCase { Name = "hidden-wrong", Stdin = "7", ExpectedOutput = "14" },
        ]);

        AssertVerdict(Verdict.TestsFailed, result);
        Assert.Equal("2 of 4 tests passed. The visible tests below show what was expected; hidden tests only say whether they passed.", result.Message);
        Assert.Equal([true, false, true, false], result.Tests.Select(t => t.Passed));

        var visibleWrong = result.Tests[1];
        Assert.Equal(("7", "14\n", "0\n", Verdict.TestsFailed), (visibleWrong.Stdin, visibleWrong.ExpectedOutput, visibleWrong.ActualOutput, visibleWrong.Verdict));

        var hiddenWrong = result.Tests[3];
        Assert.Equal((null, null, null), (hiddenWrong.Stdin, hiddenWrong.ExpectedOutput, hiddenWrong.ActualOutput));
        Assert.Equal("The output differs from what was expected (this test is hidden).", hiddenWrong.Message);
    }

    [Fact]
    public async Task Tests_AllPassing_IsOk()
    {
        var result = await fixture.RunAsync("cpp", "#include <iostream>\nint main() { long n; std::cin >> n; std::cout << n * 2 << '\\n'; }\n", tests:
        [
            new TestCase { Name = "a", Stdin = "21", ExpectedOutput = "42" },
            new TestCase { Name = "b", Stdin = "-5", ExpectedOutput = "-10\n\n" },
        ]);

        AssertVerdict(Verdict.Ok, result);
        Assert.Equal("All 2 tests passed.", result.Message);
    }

    [Fact]
    public async Task NumericTolerance_AcceptsAnMlAnswerWithinIt_AndRejectsOneOutsideIt()
    {
        var source = """
            import numpy as np
            x = np.array([1.0, 2.0, 3.0])
            print(x / 3)
            """;
        var result = await fixture.RunAsync("python", source, tests:
        [
            new TestCase { Name = "within", ExpectedOutput = "0.3333 0.6667 1.0", Tolerance = new NumericTolerance(1e-3), IsVisible = true },
            new TestCase { Name = "outside", ExpectedOutput = "0.3333 0.6667 1.0", Tolerance = new NumericTolerance(1e-6), IsVisible = true },
            new TestCase { Name = "exact", ExpectedOutput = "0.3333 0.6667 1.0", IsVisible = true },
        ]);

        Assert.Equal([true, false, false], result.Tests.Select(t => t.Passed));
        Assert.Equal("[0.33333333 0.66666667 1.        ]\n", result.Tests[0].ActualOutput);
    }

    [Fact]
    public async Task HiddenTestCrash_GivesTheKindAndLineButNotTheDetail()
    {
        var result = await fixture.RunAsync("python", "import sys\ndata = {'a': 1}\nprint(data[sys.stdin.read().strip()])\n", tests:
        [
            new TestCase { Name = "visible", Stdin = "a", ExpectedOutput = "1", IsVisible = true },
            new TestCase { Name = "hidden", Stdin = "secret-key", ExpectedOutput = "2" },
        ]);

        var hidden = result.Tests[1];
        Assert.Equal(Verdict.RuntimeError, hidden.Verdict);
        Assert.Equal("Your program stopped with a KeyError on line 3 (this test is hidden).", hidden.Message);
        Assert.DoesNotContain("secret-key", hidden.Message, StringComparison.Ordinal);
        Assert.True(result.Tests[0].Passed);
    }

    [Fact]
    public async Task SyntaxError_WithTests_IsOneCompileErrorNotOnePerTest()
    {
        var result = await fixture.RunAsync("python", "print(\n", tests:
        [
            new TestCase { Name = "a", ExpectedOutput = "1" },
            new TestCase { Name = "b", ExpectedOutput = "2" },
        ]);

        AssertVerdict(Verdict.CompileError, result);
        Assert.Empty(result.Tests);
        Assert.Equal(1, Assert.Single(result.CompilerMessages).Line);
    }

    [Fact]
    public async Task SlowTests_ShareOneProcessorTimeBudgetPerPress_AndSaySo()
    {
        var tests = Enumerable.Range(1, 6).Select(i => new TestCase { Name = $"slow {i}", Stdin = "", ExpectedOutput = "done", IsVisible = i == 6 }).ToList();

        var result = await fixture.RunAsync("python", "while True:\n    pass\n",
            limits: new RunLimits { CpuTime = TimeSpan.FromSeconds(4), WallTime = TimeSpan.FromSeconds(12) }, tests: tests);

        // Six cases of 4 s would hold a worker for 24 s of processor time; the press may use 10.
        Assert.True(result.CpuTime < BubblewrapSandbox.TestsCpuBudget + TimeSpan.FromSeconds(1), $"used {result.CpuTime}");
        Assert.Equal([Verdict.CpuTimeLimit, Verdict.CpuTimeLimit, Verdict.CpuTimeLimit, Verdict.Cancelled, Verdict.Cancelled, Verdict.Cancelled], result.Tests.Select(t => t.Verdict));
        Assert.StartsWith("Stopped: the tests used up the 10 s of processor time one press of Run tests may use", result.Tests[2].Message, StringComparison.Ordinal);
        Assert.StartsWith("Not run: the tests used up the 10 s of processor time", result.Tests[5].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeLimitInATest_IsThatTestsVerdict()
    {
        var result = await fixture.RunAsync("python", "import sys\nn = int(sys.stdin.read())\nwhile n == 0:\n    pass\nprint(n)\n",
            limits: new RunLimits { CpuTime = TimeSpan.FromSeconds(0.5), WallTime = TimeSpan.FromSeconds(3) },
            tests:
            [
                new TestCase { Name = "fine", Stdin = "3", ExpectedOutput = "3" },
                new TestCase { Name = "loops", Stdin = "0", ExpectedOutput = "0" },
            ]);

        AssertVerdict(Verdict.TestsFailed, result);
        Assert.Equal([Verdict.Ok, Verdict.CpuTimeLimit], result.Tests.Select(t => t.Verdict));
    }
}
