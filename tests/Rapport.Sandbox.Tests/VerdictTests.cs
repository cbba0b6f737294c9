using static Rapport.Sandbox.Tests.Verdicts;

namespace Rapport.Sandbox.Tests;

/// <summary>Compile and runtime errors point at the candidate's own lines, in every language.</summary>
[Collection(RealSandbox.Name)]
public sealed class VerdictTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Numpy_Works()
    {
        var result = await fixture.RunAsync("python", """
            import numpy as np
            a = np.array([[2.0, 1.0], [1.0, 3.0]])
            print(np.linalg.solve(a, np.array([3.0, 5.0])).round(6).tolist())
            """);

        AssertVerdict(Verdict.Ok, result);
        Assert.Equal("[0.8, 1.4]\n", result.Stdout);
        Assert.StartsWith("Python 3.", result.LanguageVersion, StringComparison.Ordinal);
        Assert.Contains(" with NumPy ", result.LanguageVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdin_ReachesTheProgram()
    {
        var result = await fixture.RunAsync("python", "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n", stdin: "1 2 3\n4\n");

        AssertVerdict(Verdict.Ok, result);
        Assert.Equal("10\n", result.Stdout);
    }

    [Fact]
    public async Task PythonSyntaxError_IsACompileErrorOnItsLine()
    {
        var result = await fixture.RunAsync("python", "x = 1\nprint(x\ny = 2\n");

        AssertVerdict(Verdict.CompileError, result);
        var message = Assert.Single(result.CompilerMessages);
        Assert.Equal(("error", 2, "SyntaxError"), (message.Severity, message.Line, message.Code));
        Assert.Equal("'(' was never closed", message.Text);
        Assert.Equal("Your code didn't compile: '(' was never closed on line 2. Compile errors are a normal part of writing code; fix this one and run again.", result.Message);
        Assert.Contains("File \"main.py\", line 2", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PythonException_IsARuntimeErrorWithItsLine()
    {
        var result = await fixture.RunAsync("python", "def f(x):\n    return 10 / x\n\nprint(f(0))\n");

        AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal(new RuntimeErrorInfo("ZeroDivisionError", "division by zero", 2), result.RuntimeError);
        Assert.Equal("Your program stopped with a ZeroDivisionError on line 2: division by zero", result.Message);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task NonZeroExit_IsARuntimeErrorWithTheCode()
    {
        var result = await fixture.RunAsync("python", "import sys\nprint('bye')\nsys.exit(3)\n");

        AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal(3, result.ExitCode);
        Assert.Null(result.RuntimeError);
        Assert.StartsWith("Your program ended with exit code 3.", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JavaScriptSyntaxError_IsACompileErrorOnItsLine()
    {
        var result = await fixture.RunAsync("javascript", "const a = 1;\nconst b = ;\nconsole.log(a);\n");

        AssertVerdict(Verdict.CompileError, result);
        var message = Assert.Single(result.CompilerMessages);
        Assert.Equal((2, "SyntaxError", "Unexpected token ';'"), (message.Line, message.Code, message.Text));
    }

    [Fact]
    public async Task JavaScriptJsonParseError_IsARuntimeErrorNotACompileError()
    {
        var result = await fixture.RunAsync("javascript", "console.log('start');\nJSON.parse('{x');\n");

        AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal("SyntaxError", result.RuntimeError?.Kind);
        Assert.Equal(2, result.RuntimeError?.Line);
    }

    [Fact]
    public async Task JavaScriptTypeError_IsARuntimeErrorWithItsLine()
    {
        var result = await fixture.RunAsync("javascript", "const o = {};\nfunction f() {\n  return o.a.b;\n}\nf();\n");

        AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal(new RuntimeErrorInfo("TypeError", "Cannot read properties of undefined (reading 'b')", 3), result.RuntimeError);
        Assert.Contains("main.js:3", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("/box/", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CppCompileError_IsMappedToTheCandidatesLines()
    {
        var result = await fixture.RunAsync("cpp", "#include <cstdio>\nint main() {\n  int x = y;\n  return 0\n}\n");

        AssertVerdict(Verdict.CompileError, result);
        var errors = result.CompilerMessages.Where(m => m.Severity == "error").ToList();
        Assert.Equal([3, 4], errors.Select(e => e.Line));
        Assert.Equal(11, errors[0].Column);
        Assert.Contains("was not declared in this scope", errors[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Your code didn't compile: ", result.Message, StringComparison.Ordinal);
        Assert.Contains("on line 3 (1 more below)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CppLinkError_SaysWhatIsUndefined()
    {
        var result = await fixture.RunAsync("cpp", "int solve();\nint main() { return solve(); }\n");

        AssertVerdict(Verdict.CompileError, result);
        Assert.Contains("undefined reference to `solve()'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CppSegfault_IsExplainedInWords()
    {
        var result = await fixture.RunAsync("cpp", "#include <cstdio>\nint main() {\n  volatile int* p = nullptr;\n  *p = 1;\n  std::puts(\"unreachable\");\n}\n");

        AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal(11, result.Signal);
        Assert.Equal("segmentation fault", result.RuntimeError?.Kind);
        Assert.Contains("index past the end", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CppUncaughtException_NamesTheException()
    {
        var result = await fixture.RunAsync("cpp", "#include <vector>\nint main() {\n  std::vector<int> v;\n  return v.at(3);\n}\n");

        AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal("std::out_of_range", result.RuntimeError?.Kind);
        Assert.StartsWith("vector::_M_range_check", result.RuntimeError?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CSharpCompileError_IsMappedToTheCandidatesLines()
    {
        var result = await fixture.RunAsync("csharp", "var x = 1;\nint y = \"two\";\nConsole.WriteLine(x + y);\n");

        AssertVerdict(Verdict.CompileError, result);
        var error = Assert.Single(result.CompilerMessages, m => m.Severity == "error");
        Assert.Equal((2, 9, "CS0029"), (error.Line, error.Column, error.Code));
        Assert.Equal("Cannot implicitly convert type 'string' to 'int'", error.Text);
    }

    [Fact]
    public async Task CSharpException_IsARuntimeErrorWithItsLine()
    {
        var result = await fixture.RunAsync("csharp", "int[] items = [1, 2, 3];\nvar zero = items.Length - 3;\nConsole.WriteLine(items[0] / zero);\n");

        AssertVerdict(Verdict.RuntimeError, result);
        Assert.Equal(new RuntimeErrorInfo("DivideByZeroException", "Attempted to divide by zero.", 3), result.RuntimeError);
    }

    [Fact]
    public async Task CSharpReadsStdin()
    {
        var result = await fixture.RunAsync("csharp", "var n = int.Parse(Console.ReadLine()!);\nConsole.WriteLine(Enumerable.Range(1, n).Sum());\n", stdin: "10\n");

        AssertVerdict(Verdict.Ok, result);
        Assert.Equal("55\n", result.Stdout);
        Assert.StartsWith("C# ", result.LanguageVersion, StringComparison.Ordinal);
        Assert.Contains("Roslyn", result.LanguageVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_IsStreamedWhileTheProgramRuns_AndARunCanBeCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var chunks = new List<OutputChunk>();
        var progress = new SynchronousProgress(chunk =>
        {
            chunks.Add(chunk);
            if (string.Concat(chunks.Select(c => c.Text)) == "ready\n")
            {
                cancel.Cancel();  // only possible if the output arrived while the program still runs
            }
        });

        var result = await fixture.Sandbox.RunAsync(
            new RunRequest { Language = "python", Source = "import time\nprint('ready')\ntime.sleep(30)\n" },
            progress,
            cancel.Token);

        AssertVerdict(Verdict.Cancelled, result);
        Assert.All(chunks, c => Assert.Equal(OutputChannel.Stdout, c.Channel));
        Assert.Equal("ready\n", string.Concat(chunks.Select(c => c.Text)));
        Assert.Equal("ready\n", result.Stdout);
        await fixture.AssertHostUnchangedAsync();
    }

    private sealed class SynchronousProgress(Action<OutputChunk> report) : IProgress<OutputChunk>
    {
        public void Report(OutputChunk value) => report(value);
    }
}
