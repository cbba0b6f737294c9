using System.Security.Cryptography;
using System.Text.Json;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Questions;

namespace Rapport.Tests.Cli;

/// <summary><c>rapport sandbox run|check</c> through the real executable and the real sandbox.</summary>
public sealed class SandboxCommandTests : IDisposable
{
    private readonly RapportProcess rapport = new();
    private readonly string work = Directory.CreateTempSubdirectory("rapport-sandbox-cli-").FullName;

    // Its own uids, apart from the other test processes' sandboxes.
    private static readonly Dictionary<string, string> Uids = new() { ["RAPPORT_SANDBOX__FIRSTUID"] = "60500", ["RAPPORT_SANDBOX__COMPILERUID"] = "60499" };

    public void Dispose()
    {
        rapport.Dispose();
        Directory.Delete(work, recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(work, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<ProcessResult> RunAsync(params string[] args) => rapport.RunAsync(args, Uids);

    [Fact]
    public async Task Run_WithStdin_PrintsTheVerdictAsJson()
    {
        const string code = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n";
        var program = Write("sum.py", code);
        var input = Write("numbers.txt", "1 2 3\n4\n");

        var result = await RunAsync("sandbox", "run", "--language", "python", program, "--stdin", input, "--json");

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(("ok", "10\n", 0), (json.GetProperty("verdict").GetString(), json.GetProperty("stdout").GetString(), json.GetProperty("exitCode").GetInt32()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("signal").ValueKind);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(program))), json.GetProperty("codeSha256").GetString());
        Assert.StartsWith("Python 3", json.GetProperty("languageVersion").GetString(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("wallMs").GetDouble() > 0);
        Assert.True(json.GetProperty("peakMemoryBytes").GetInt64() > 0);
        Assert.Equal(2000, json.GetProperty("limits").GetProperty("cpuMs").GetDouble());
        Assert.Equal(0, json.GetProperty("tests").GetArrayLength());
    }

    [Fact]
    public async Task Run_CompileError_PointsAtTheCandidatesLine_AndExits1()
    {
        var program = Write("main.cpp", "#include <cstdio>\nint main() {\n    return missing;\n}\n");

        var result = await RunAsync("sandbox", "run", "--language", "cpp", program, "--json");

        Assert.Equal(1, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("compileError", json.GetProperty("verdict").GetString());
        var first = json.GetProperty("compilerMessages")[0];
        Assert.Equal(("error", 3), (first.GetProperty("severity").GetString(), first.GetProperty("line").GetInt32()));
        Assert.Contains("on line 3", json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TextOutput_ShowsVerdictTimingsAndStreams()
    {
        var program = Write("main.js", "console.log('to stdout'); console.error('to stderr'); process.exit(3);\n");

        var result = await RunAsync("sandbox", "run", "--language", "javascript", program);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Output.Split('\n');
        Assert.StartsWith("RuntimeError: Your program ended with exit code 3.", lines[0], StringComparison.Ordinal);
        Assert.Contains("· exit 3 · CPU ", lines[1], StringComparison.Ordinal);
        Assert.Contains("--- stdout ---\nto stdout\n--- stderr ---\nto stderr\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_QuestionTests_FromTheBank_HideTheHiddenCases()
    {
        var bank = Directory.CreateDirectory(Path.Combine(work, "bank"));
        Directory.CreateDirectory(Path.Combine(bank.FullName, "questions"));
        File.WriteAllText(Path.Combine(bank.FullName, "questions", "two-sum.md"), BankFiles.Question);
        Assert.Equal(0, (await RunAsync("bank", "import", bank.FullName)).ExitCode);
        var program = Write("two_sum.py", "def two_sum(numbers, target):\n    return [0, 1]\n");

        var result = await RunAsync("sandbox", "run", "--language", "python", program, "--tests", "two-sum", "--json");

        Assert.True(result.ExitCode == 1, result.Error + result.Output);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("testsFailed", json.GetProperty("verdict").GetString());
        var tests = json.GetProperty("tests").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.True(tests["example"].GetProperty("passed").GetBoolean());
        Assert.False(tests["duplicates"].GetProperty("passed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, tests["duplicates"].GetProperty("call").ValueKind);
        Assert.DoesNotContain("31337", result.Output, StringComparison.Ordinal);

        var wrongLanguage = await RunAsync("sandbox", "run", "--language", "javascript", program, "--tests", "two-sum");
        Assert.Equal(2, wrongLanguage.ExitCode);
        Assert.Contains("run them with --language python", wrongLanguage.Error, StringComparison.Ordinal);
        var unknown = await RunAsync("sandbox", "run", "--language", "python", program, "--tests", "three-sum");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("There is no question 'three-sum' in the bank", unknown.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "binary", "is not UTF-8 text (invalid bytes at offset 2)" },
        { "control", "contains a control character (U+0001) on line 2" },
        { "huge", "is 5 MB; a program may be at most 256 KB" },
        { "empty", "is empty: there is no code to run" },
        { "missing", "does not exist" },
        { "huge-stdin", "is 100 MB; the input may be at most 16 MB" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Run_BadInput_IsRefusedWithTheFileNamed_BeforeAnythingRuns(string kind, string expected)
    {
        var program = Write("ok.py", "print(1)\n");
        var stdin = new List<string>();
        switch (kind)
        {
            case "binary":
                File.WriteAllBytes(program, [0x70, 0x72, 0xFF, 0xFE, 0x00]);
                break;
            case "control":
                File.WriteAllText(program, "print(1)\nprint(\u0001)\n");
                break;
            case "huge":
                File.WriteAllText(program, new string('#', 5 * 1024 * 1024));
                break;
            case "empty":
                File.WriteAllText(program, "\n  \n");
                break;
            case "missing":
                program = Path.Combine(work, "missing.py");
                break;
            case "huge-stdin":
                var input = Path.Combine(work, "input.txt");
                using (var file = File.Create(input))
                {
                    file.SetLength(100L * 1024 * 1024);  // sparse: nothing is really written
                }

                stdin.AddRange(["--stdin", input]);
                break;
        }

        var result = await RunAsync(["sandbox", "run", "--language", "python", program, .. stdin]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was run.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Run_UnknownLanguageOrBadSetting_IsAOneLineError()
    {
        var program = Write("ok.rb", "puts 1\n");

        var ruby = await RunAsync("sandbox", "run", "--language", "ruby", program);
        var workers = await rapport.RunAsync(["sandbox", "run", "--language", "python", Write("ok.py", "print(1)\n")], new Dictionary<string, string>(Uids) { ["RAPPORT_SANDBOX__WORKERS"] = "0" });

        Assert.Equal((2, 2), (ruby.ExitCode, workers.ExitCode));
        Assert.Contains("'ruby' not recognized. Must be one of: 'python' 'javascript' 'cpp' 'csharp'", ruby.Error, StringComparison.Ordinal);
        Assert.Equal("rapport: Sandbox:Workers: 0 workers: use 1 to 256 (one per core is the usual choice).", workers.Error.Trim());
    }

    [Fact]
    public async Task Check_SaysIsolationWorks_AndListsTheLanguagesWithVersions()
    {
        var result = await RunAsync("sandbox", "check");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.DoesNotContain("FAIL", result.Output, StringComparison.Ordinal);
        Assert.Contains("Isolation works here", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"python\s+Python 3\.\d+\.\d+ with NumPy", result.Output);
        Assert.Matches(@"csharp\s+C# \d+", result.Output);
    }

    [Fact]
    public async Task SwitchedOff_CheckSaysSo_AndRunExits3WithoutRunning()
    {
        var off = new Dictionary<string, string>(Uids) { ["RAPPORT_SANDBOX__ENABLED"] = "false" };

        var check = await rapport.RunAsync(["sandbox", "check"], off);
        var run = await rapport.RunAsync(["sandbox", "run", "--language", "python", Write("ok.py", "print(1)\n")], off);

        Assert.Equal(0, check.ExitCode);
        Assert.Contains("switched off by the setting Sandbox:Enabled=false", check.Output, StringComparison.Ordinal);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("code cannot run on this machine: Sandbox:Enabled is false.", run.Error, StringComparison.Ordinal);
    }
}
