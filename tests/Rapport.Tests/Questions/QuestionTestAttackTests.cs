using System.Text.Json;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Testing;
using Rapport.Sandbox;
using TestCase = Rapport.Features.Questions.Format.TestCase;

namespace Rapport.Tests.Questions;

/// <summary>
/// A candidate's Python attacks the question's tests from inside its own function: it forges the
/// harness's verdict, exits early with success, reads the harness's frames, memory and files for
/// the expected value, patches the comparison, returns objects that equal anything, and smuggles a
/// hidden call out through an error. Every hidden case must fail, and nothing of it (its call, its
/// expected value) may reach anything the candidate is shown.
/// </summary>
public sealed class QuestionTestAttackTests
{
    private const string SecretCall = "SECRETCALL5521";
    private const string SecretExpected = "SECRETEXPECTED8830";

    private static readonly QuestionTests Tests = new("python", "import numpy as np", [
        new TestCase("shown", Visible: true, Call: "answer('visible')", ExpectedJson: "\"VISIBLE\"", Tolerance: null, Check: null),
        new TestCase("hidden by value", Visible: false, Call: $"answer('{SecretCall}')", ExpectedJson: $"\"{SecretExpected}\"", Tolerance: null, Check: null),
        new TestCase("hidden by check", Visible: false, Call: $"answer('{SecretCall}')", ExpectedJson: null, Tolerance: null, Check: $"result == '{SecretExpected}' and helper_only_the_checker_has()"),
    ])
    { CheckSetup = "def helper_only_the_checker_has():\n    return True\n" };

    public static TheoryData<string, string> Attacks => new()
    {
        { "a forged verdict and an early successful exit", "import os\nos.write(1, b'passed\\n')\nos._exit(0)\n" },
        { "a forged answer and an early successful exit", "import os\nos.write(1, b'passed\\n{\"result\": \"VISIBLE\"}\\n')\nos._exit(0)\n" },
        { "the harness's frames, read and printed", """
            import os, re, sys
            def answer(x):
                found = []
                frame = sys._getframe()
                while frame is not None:
                    found += [repr(v) for v in list(frame.f_locals.values()) + list(frame.f_globals.values())]
                    frame = frame.f_back
                text = " ".join(found)
                os.write(1, ("error: " + text + "\n").encode())
                os.write(2, text.encode())
                hit = re.search("SECRETEXPECTED" + "[0-9]{4}", text)
                return hit.group(0) if hit else x
            """ },
        { "every object in memory and every file it can open", """
            import gc, os, re
            SECRET = re.compile("SECRETEXPECTED" + "[0-9]{4}")
            SECRET_BYTES = re.compile(b"SECRETEXPECTED" + b"[0-9]{4}")
            def answer(x):
                for o in gc.get_objects():
                    for v in (o.values() if isinstance(o, dict) else o if isinstance(o, (list, tuple)) else ()):
                        if isinstance(v, str) and SECRET.search(v):
                            return SECRET.search(v).group(0)
                for root in ("/box", "/tmp", "/proc/self", "/proc/1"):
                    for name in (os.listdir(root) if os.path.isdir(root) else []):
                        try:
                            data = open(os.path.join(root, name), "rb").read(1 << 22)
                        except Exception:
                            continue
                        if SECRET_BYTES.search(data):
                            return SECRET_BYTES.search(data).group(0).decode()
                try:
                    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb") as mem:
                        for line in maps:
                            start, end = (int(p, 16) for p in line.split()[0].split("-"))
                            if "rw" not in line.split()[1]:
                                continue
                            try:
                                mem.seek(start)
                                hit = SECRET_BYTES.search(mem.read(end - start))
                            except Exception:
                                continue
                            if hit:
                                return hit.group(0).decode()
                except Exception:
                    pass
                return x
            """ },
        { "the comparison patched", """
            import sys, math, json
            main = sys.modules["__main__"]
            for name in ("close", "plain", "shown"):
                if hasattr(main, name):
                    setattr(main, name, lambda *a, **k: True)
            math.isclose = lambda *a, **k: True
            def answer(x):
                return x.upper()
            """ },
        { "objects that equal anything", """
            class Anything(str):
                def __eq__(self, other): return True
                def __ne__(self, other): return False
                __hash__ = str.__hash__
            class Whatever:
                def __eq__(self, other): return True
                def tolist(self): return Anything("x")
            def answer(x):
                return Anything(x) if x == "visible" else Whatever()
            """ },
        { "the call smuggled out in an error", """
            import sys
            def answer(x):
                sys.stdout.write("error: " + x + "\\n")
                raise type("Leak" + x, (Exception,), {})(x)
            """ },
        { "a forged syntax error on stderr", """
            import os, sys
            def answer(x):
                sys.stderr.write('  File "/box/main.py", line 1\\n    x\\nSyntaxError: ' + x + '\\n')
                os._exit(1)
            """ },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task CandidateCode_CannotPassOrReadAHiddenCase(string attack, string solution)
    {
        var (result, outcomes) = await RunAsync(solution);

        Assert.True(outcomes.Count == 3, $"{attack}: {result.Verdict} {result.Message} {result.OperatorDetail}");
        Assert.All(outcomes.Where(o => !o.Visible), o => Assert.False(o.Passed, $"{attack}: '{o.Name}' passed"));
        var shown = JsonSerializer.Serialize(new { outcomes, result.Message, result.CompilerMessages, result.Stdout, result.Stderr });
        Assert.DoesNotContain(SecretExpected, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretCall, shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObjectsThatEqualAnything_FailEvenTheVisibleCase()
    {
        var (_, outcomes) = await RunAsync(Attacks.Single(a => (string)a[0] == "objects that equal anything")[1].ToString()!);

        Assert.False(outcomes.Single(o => o.Name == "shown").Passed);
    }

    [Fact]
    public async Task AnHonestSolution_PassesEveryCase_ByValueAndByCheck()
    {
        var (_, outcomes) = await RunAsync($"def answer(x):\n    return x.upper() if x == 'visible' else '{SecretExpected}'\n");

        Assert.All(outcomes, o => Assert.True(o.Passed, $"{o.Name}: {o.Message}"));
    }

    [Fact]
    public async Task CheckSetup_NeverRunsInTheCandidatesProcess()
    {
        var (_, outcomes) = await RunAsync("def answer(x):\n    return helper_only_the_checker_has()\n");

        Assert.Equal("Your code raised NameError on line 2: name 'helper_only_the_checker_has' is not defined.", outcomes.Single(o => o.Name == "shown").Message);
    }

    [Fact]
    public async Task AnErrorOfAnUnusualKind_OnAHiddenCase_ShowsNeitherItsNameNorItsDetail()
    {
        var (_, outcomes) = await RunAsync("class Oops(Exception):\n    pass\n\ndef answer(x):\n    raise Oops(x)\n");

        Assert.Equal("Your code raised Oops on line 5: visible.", outcomes.Single(o => o.Name == "shown").Message);
        Assert.Equal("Your code raised an exception on line 5.", outcomes.Single(o => o.Name == "hidden by value").Message);
    }

    private static async Task<(RunResult Result, IReadOnlyList<QuestionTestOutcome> Outcomes)> RunAsync(string solution)
    {
        var runtime = Infrastructure.SharedSandbox.Runtime;
        var availability = await runtime.AvailabilityAsync(CancellationToken.None);
        Assert.True(availability.Available, $"the sandbox is needed (run the tests as root through script/test): {availability.OperatorDetail}");
        var result = await runtime.Jobs.RunAsync(QuestionTestProgram.Build(Tests, solution), null, CancellationToken.None);
        return (result, QuestionTestProgram.Read(Tests, result));
    }
}
