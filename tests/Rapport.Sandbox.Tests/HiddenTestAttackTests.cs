using System.Text.Json;

namespace Rapport.Sandbox.Tests;

/// <summary>
/// A candidate's program attacks the tests it is judged by, in every language: it forges a verdict,
/// exits early with success, smuggles a hidden input out through an error's kind, detail or exit
/// code or a forged compile error, and looks for what only the checker knows. Hidden tests must fail
/// and nothing of a hidden test may come back in the result.
/// </summary>
[Collection(RealSandbox.Name)]
public sealed class HiddenTestAttackTests(SandboxFixture fixture)
{
    private const string SecretInput = "SECRETINPUT4417";
    private const string SecretExpected = "SECRETEXPECTED9021";

    public static TheoryData<string, string> ForgedVerdicts => new()
    {
        { "python", "import os\nos.write(1, b'Passed.\\npassed\\nok\\n')\nos._exit(0)\n" },
        { "javascript", "process.stdout.write('Passed.\\npassed\\nok\\n'); process.exit(0);\n" },
        { "cpp", "#include <cstdio>\n#include <cstdlib>\nint main() { std::puts(\"Passed.\\npassed\\nok\"); std::fflush(stdout); std::_Exit(0); }\n" },
        { "csharp", "System.Console.WriteLine(\"Passed.\\npassed\\nok\");\nSystem.Environment.Exit(0);\n" },
    };

    /// <summary>Each reads its input and throws it back: in the error's kind where the language allows, and in its message.</summary>
    public static TheoryData<string, string> LeakingErrors => new()
    {
        { "python", "import sys\nsecret = sys.stdin.read().strip()\nraise type('Leak' + secret, (Exception,), {})(secret)\n" },
        { "javascript", "const s = require('fs').readFileSync(0, 'utf8').trim();\nclass E extends Error {}\nObject.defineProperty(E, 'name', { value: 'Leak' + s + 'Error' });\nconst e = new E(s); e.name = 'Leak' + s + 'Error';\nthrow e;\n" },
        { "cpp", "#include <iostream>\n#include <string>\n#include <stdexcept>\nint main() { std::string s; std::cin >> s; throw std::runtime_error(s); }\n" },
        { "csharp", "var s = System.Console.In.ReadToEnd().Trim();\nthrow new System.InvalidOperationException(s);\n" },
    };

    /// <summary>Each writes a compile error or crash report naming the input to stderr, then fails with the input's first byte as exit code.</summary>
    public static TheoryData<string, string> ForgedReports => new()
    {
        { "python", "import sys\ns = sys.stdin.read().strip()\nsys.stderr.write('  File \"/box/main.py\", line 1\\n    x\\nSyntaxError: ' + s + '\\n')\nsys.exit(ord(s[0]))\n" },
        { "javascript", "const s = require('fs').readFileSync(0, 'utf8').trim();\nprocess.stderr.write('/box/main.js:1\\nx\\n^\\n\\nSyntaxError: ' + s + '\\n');\nprocess.exit(s.charCodeAt(0));\n" },
        { "cpp", "#include <iostream>\n#include <string>\nint main() { std::string s; std::cin >> s; std::cerr << \"terminate called after throwing an instance of '\" << s << \"'\\n  what():  \" << s << \"\\n\"; return s[0]; }\n" },
        { "csharp", "var s = System.Console.In.ReadToEnd().Trim();\nSystem.Console.Error.WriteLine($\"Unhandled exception. {s}Exception: {s}\");\nreturn s[0];\n" },
    };

    /// <summary>
    /// Each prints every file under /box and /tmp, and every process's command line and environment,
    /// that mentions the checker's secret (the needle is built at run time, so the program's own
    /// source and binary do not contain it).
    /// </summary>
    public static TheoryData<string, string> Snoopers => new()
    {
        { "python", """
            import os
            needle = "DETCEPXETERCES"[::-1].encode()
            paths = [os.path.join(r, n) for r in ("/box", "/tmp") for n in os.listdir(r)]
            paths += [f"/proc/{p}/{f}" for p in os.listdir("/proc") if p.isdigit() for f in ("cmdline", "environ")]
            found = []
            for path in paths:
                try:
                    with open(path, "rb") as f:
                        if needle in f.read(1 << 22):
                            found.append(path)
                except Exception:
                    pass
            print("found:" + ",".join(found))
            """ },
        { "javascript", """
            const fs = require('fs');
            const needle = 'DETCEPXETERCES'.split('').reverse().join('');
            const list = (d) => { try { return fs.readdirSync(d); } catch { return []; } };
            let paths = ['/box', '/tmp'].flatMap(r => list(r).map(n => r + '/' + n));
            paths = paths.concat(list('/proc').filter(p => /^[0-9]+$/.test(p)).flatMap(p => ['cmdline', 'environ'].map(f => `/proc/${p}/${f}`)));
            const found = paths.filter(p => { try { return fs.readFileSync(p).includes(needle); } catch { return false; } });
            console.log('found:' + found.join(','));
            """ },
        { "cpp", """
            #include <cctype>
            #include <filesystem>
            #include <fstream>
            #include <iostream>
            #include <iterator>
            #include <string>
            #include <vector>
            int main() {
              std::string reversed = "DETCEPXETERCES";
              std::string needle(reversed.rbegin(), reversed.rend());
              std::vector<std::string> paths;
              std::error_code ec;
              for (auto root : {"/box", "/tmp"})
                for (auto it = std::filesystem::directory_iterator(root, ec); !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
                  paths.push_back(it->path().string());
              for (auto it = std::filesystem::directory_iterator("/proc", ec); !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
                auto name = it->path().filename().string();
                if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) {
                  paths.push_back("/proc/" + name + "/cmdline");
                  paths.push_back("/proc/" + name + "/environ");
                }
              }
              std::string found;
              for (auto& path : paths) {
                std::ifstream in(path, std::ios::binary);
                std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
                if (data.find(needle) != std::string::npos) found += path + ",";
              }
              std::cout << "found:" << found << "\n";
            }
            """ },
        { "csharp", """
            using System.IO;
            using System.Linq;
            var needle = new string("DETCEPXETERCES".Reverse().ToArray());
            var paths = new[] { "/box", "/tmp" }.SelectMany(r => { try { return Directory.GetFileSystemEntries(r); } catch { return []; } }).ToList();
            paths.AddRange(Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsDigit)).SelectMany(n => new[] { $"/proc/{n}/cmdline", $"/proc/{n}/environ" }));
            var found = paths.Where(p => { try { return File.ReadAllText(p).Contains(needle); } catch { return false; } });
            System.Console.WriteLine("found:" + string.Join(",", found));
            """ },
    };

    [Theory]
    [MemberData(nameof(ForgedVerdicts))]
    public async Task ForgedVerdict_AndEarlySuccessfulExit_FailTheHiddenTests(string language, string source)
    {
        var result = await RunWithHiddenTestsAsync(language, source);

        Assert.Equal(Verdict.TestsFailed, result.Verdict);
        Assert.All(result.Tests, t => Assert.False(t.Passed, $"{t.Name} passed"));
        AssertNothingOfTheHiddenTestCameBack(result);
    }

    [Theory]
    [MemberData(nameof(LeakingErrors))]
    public async Task HiddenInput_ThrownBackInAnError_NeverReachesTheResult(string language, string source)
    {
        var result = await RunWithHiddenTestsAsync(language, source);

        var hidden = Assert.Single(result.Tests);
        Assert.Equal((false, Verdict.RuntimeError), (hidden.Passed, hidden.Verdict));
        AssertNothingOfTheHiddenTestCameBack(result);
    }

    [Theory]
    [MemberData(nameof(ForgedReports))]
    public async Task HiddenInput_InAForgedCompileErrorOrCrashReport_OrTheExitCode_NeverReachesTheResult(string language, string source)
    {
        var result = await RunWithHiddenTestsAsync(language, source);

        Assert.Equal(Verdict.TestsFailed, result.Verdict);
        var hidden = Assert.Single(result.Tests);
        Assert.False(hidden.Passed);
        Assert.Empty(result.CompilerMessages);
        // The exit code is the input's first byte ('S' is 83): a hidden test's message never carries one.
        Assert.DoesNotContain("83", hidden.Message, StringComparison.Ordinal);
        AssertNothingOfTheHiddenTestCameBack(result);
    }

    [Theory]
    [MemberData(nameof(Snoopers))]
    public async Task WhatOnlyTheCheckerKnows_IsNowhereTheCandidatesProgramCanLook(string language, string source)
    {
        var result = await fixture.Sandbox.RunAsync(new RunRequest
        {
            Language = language,
            Source = source,
            // Visible, so that whatever the program found comes back to be inspected.
            Tests = [new TestCase { Name = "snoop", ExpectedOutput = "", CheckerInput = $"\"{SecretExpected}\"", IsVisible = true }],
            Checker = new Checker { Language = "python", Source = EqualityChecker },
        }, null, CancellationToken.None);

        var test = Assert.Single(result.Tests);
        Assert.True(test.ActualOutput?.Trim() == "found:", $"{result.Verdict} {test.Verdict} {test.Message}: {test.ActualOutput}");
        Assert.False(test.Passed);
        Assert.NotNull(test.CheckerOutput);
    }

    [Fact]
    public async Task Checker_DecidesEachTest_FromWhatOnlyItWasGiven()
    {
        var result = await fixture.Sandbox.RunAsync(new RunRequest
        {
            Language = "python",
            Source = "import sys\nprint(int(sys.stdin.read()) * 2)\n",
            Tests =
            [
                new TestCase { Name = "right", Stdin = "21", ExpectedOutput = "", CheckerInput = "\"42\"" },
                new TestCase { Name = "wrong", Stdin = "5", ExpectedOutput = "", CheckerInput = "\"11\"", IsVisible = true },
            ],
            Checker = new Checker { Language = "python", Source = EqualityChecker },
        }, null, CancellationToken.None);

        Assert.Equal([true, false], result.Tests.Select(t => t.Passed));
        Assert.Equal("10\n", result.Tests[1].ActualOutput);
        Assert.Null(result.Tests[1].ExpectedOutput);
        Assert.Null(result.OperatorDetail);
    }

    [Fact]
    public async Task BrokenChecker_FailsEveryTest_AsNotTheCandidatesFault_AndTellsOperators()
    {
        var result = await fixture.Sandbox.RunAsync(new RunRequest
        {
            Language = "python",
            Source = "print(42)\n",
            Tests = [new TestCase { Name = "a", ExpectedOutput = "", CheckerInput = "1" }],
            Checker = new Checker { Language = "python", Source = "raise RuntimeError('the question is broken')\n" },
        }, null, CancellationToken.None);

        var test = Assert.Single(result.Tests);
        Assert.Equal((false, CandidateMessages.NotChecked), (test.Passed, test.Message));
        Assert.Contains("the question is broken", result.OperatorDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HiddenTest_EndingWithNoErrorToName_TellsTheCandidateOnlyThat_AndOperatorsHowItEnded()
    {
        var result = await RunWithHiddenTestsAsync("python", "import os, sys\nsys.stderr.write('leaving quietly')\nsys.stderr.flush()\nos._exit(3)\n");

        var test = Assert.Single(result.Tests);
        Assert.Equal((false, CandidateMessages.HiddenTestError), (test.Passed, test.Message));
        Assert.StartsWith("test \"hidden\" stopped with no error the language explains: exit code 3, 0 process-limit hits, 0 OOM kills", result.OperatorDetail, StringComparison.Ordinal);
        Assert.EndsWith("stderr: leaving quietly", result.OperatorDetail, StringComparison.Ordinal);
        AssertNothingOfTheHiddenTestCameBack(result);
    }

    /// <summary>Passes a test when the program printed exactly the JSON string in its checker input.</summary>
    private const string EqualityChecker = """
        import json, sys
        for case in json.load(sys.stdin):
            output = (case["output"] or "").strip()
            print(json.dumps({"name": case["name"], "passed": output == case["input"]}))
        """;

    private Task<RunResult> RunWithHiddenTestsAsync(string language, string source) =>
        fixture.RunAsync(language, source, tests: [new TestCase { Name = "hidden", Stdin = SecretInput, ExpectedOutput = SecretExpected }]);

    private static void AssertNothingOfTheHiddenTestCameBack(RunResult result)
    {
        var everything = JsonSerializer.Serialize(result with { OperatorDetail = null });
        Assert.DoesNotContain(SecretInput, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretExpected, everything, StringComparison.Ordinal);
    }
}
