using System.CommandLine;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Storage;
using Rapport.Features.Questions.Testing;
using Rapport.Features.Runs;
using Rapport.Infrastructure;
using Rapport.Sandbox;

namespace Rapport.Cli;

/// <summary>
/// <c>rapport sandbox run|check</c>: run a file exactly as the room would (same sandbox, limits,
/// queue and question tests) and check whether isolation works here, without a browser.
/// </summary>
internal static class SandboxCommand
{
    /// <summary>Exit codes of <c>sandbox run</c>, documented in the README.</summary>
    public const int ProgramDidNotPass = 1;
    public const int BadInput = 2;
    public const int CannotRunHere = 3;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var sandbox = new Command("sandbox", "Run code in the sandbox as the room does, and check that isolation works on this machine.");
        sandbox.Subcommands.Add(Run(output, error));
        sandbox.Subcommands.Add(Check(output, error));
        sandbox.Subcommands.Add(SandboxServeCommand.Create(output, error));
        return sandbox;
    }

    private static Command Run(TextWriter output, TextWriter error)
    {
        var language = new Option<string>("--language") { Description = "The program's language.", Required = true };
        language.AcceptOnlyFromAmong([.. BubblewrapSandbox.LanguageIds]);
        var file = new Argument<FileInfo>("FILE") { Description = "The program's source file (UTF-8 text)." };
        var stdin = new Option<FileInfo?>("--stdin") { Description = "A file to give the program as standard input." };
        var tests = new Option<string?>("--tests") { Description = "Run the hidden tests of this question (its id in the bank) against the program instead." };
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON: verdict, exit code, signal, CPU and wall ms, peak memory, output, per-test results." };
        var run = new Command("run", "Run a program in the sandbox and print its verdict. Exit 0 when it ran cleanly (or passed every test), 1 when it did not, 2 for bad input, 3 when code cannot run here.")
        {
            file, language, stdin, tests, json,
        };
        run.SetAction(async (parsed, ct) =>
        {
            var settings = ReadSettings(out var problem);
            if (settings is null)
            {
                await error.WriteLineAsync(problem);
                return BadInput;
            }

            var (source, input, inputProblem) = await ReadInputAsync(parsed.GetValue(file)!, parsed.GetValue(stdin), ct);
            if (inputProblem is not null)
            {
                await error.WriteLineAsync($"rapport: {inputProblem} Nothing was run.");
                return BadInput;
            }

            var questionId = parsed.GetValue(tests);
            var chosenLanguage = parsed.GetValue(language)!;
            QuestionTests? questionTests = null;
            if (questionId is not null)
            {
                (questionTests, var testsProblem) = await FindTestsAsync(questionId, chosenLanguage, error, ct);
                if (questionTests is null)
                {
                    if (testsProblem is not null)
                    {
                        await error.WriteLineAsync($"rapport: {testsProblem} Nothing was run.");
                    }

                    return BadInput;
                }
            }

            await using var runtime = new SandboxRuntime(settings, TimeProvider.System);
            var availability = await runtime.AvailabilityAsync(ct);
            if (!availability.Available)
            {
                await error.WriteLineAsync($"rapport: code cannot run on this machine: {availability.OperatorDetail} (see 'rapport sandbox check')");
                return CannotRunHere;
            }

            var request = questionTests is null
                ? new RunRequest { Language = chosenLanguage, Source = source!, Stdin = input }
                : QuestionTestProgram.Build(questionTests, source!);
            var result = await runtime.Jobs.RunAsync(request, null, ct);
            var outcomes = questionTests is null ? [] : QuestionTestProgram.Read(questionTests, result);
            await (parsed.GetValue(json) ? output.WriteLineAsync(RunReport.Json(result, outcomes, source!)) : RunReport.WriteTextAsync(output, result, outcomes));
            return result.Verdict switch
            {
                Verdict.Ok => 0,
                Verdict.Rejected => BadInput,
                Verdict.Unavailable or Verdict.SandboxError or Verdict.Busy or Verdict.Cancelled => CannotRunHere,
                _ => ProgramDidNotPass,
            };
        });
        return run;
    }

    private static Command Check(TextWriter output, TextWriter error)
    {
        var check = new Command("check", "Check whether isolation works here (tools, namespaces, cgroups, uids, a probe run) and list the languages with their versions. Exit 1 when it does not.");
        check.SetAction(async (_, ct) =>
        {
            var settings = ReadSettings(out var problem);
            if (settings is null)
            {
                await error.WriteLineAsync(problem);
                return BadInput;
            }

            if (!settings.Enabled)
            {
                await output.WriteLineAsync("Running code is switched off by the setting Sandbox:Enabled=false; the Run button is disabled in every room.");
                return 0;
            }

            var checks = settings.WorkersFile is null
                ? await SandboxDoctor.CheckAsync(settings.ToOptions(), TimeProvider.System, ct)
                : await Features.Runs.Workers.WorkerDoctor.CheckAsync(settings, ct);
            foreach (var item in checks)
            {
                await DoctorCommand.WriteCheckAsync(output, item.Name, item.Passed, item.Detail, item.Fix);
            }

            var failed = checks.Count(c => !c.Passed);
            if (failed > 0)
            {
                await error.WriteLineAsync($"{failed} problem(s): code cannot run here, and the Run button is disabled with a message in every room.");
                return 1;
            }

            await using var runtime = new SandboxRuntime(settings, TimeProvider.System);
            foreach (var language in await runtime.LanguagesAsync(ct))
            {
                await output.WriteLineAsync($"     {language.Id,-10} {language.Version}");
            }

            await output.WriteLineAsync(settings.WorkersFile is null ? "Isolation works here: candidates' code can run." : "Runs go to the sandbox workers: candidates' code can run.");
            return 0;
        });
        return check;
    }

    private static SandboxSettings? ReadSettings(out string problem)
    {
        problem = "";
        try
        {
            var configuration = RapportWebApp.CreateBuilder(["--Logging:LogLevel:Default=None"]).Configuration;
            return Settings.Read<SandboxSettings>(configuration, SandboxSettings.Section).Validated();
        }
        catch (InvalidSettingException e)
        {
            problem = $"rapport: {e.Message}";
            return null;
        }
    }

    /// <summary>Bad input is refused before anything runs, naming the file and the fix.</summary>
    private static async Task<(string? Source, string Input, string? Problem)> ReadInputAsync(FileInfo file, FileInfo? stdin, CancellationToken ct)
    {
        if (!file.Exists)
        {
            return (null, "", $"{file.FullName} does not exist.");
        }

        if (file.Length > RunRequest.MaxSourceBytes)
        {
            return (null, "", $"{file.FullName} is {RunFiles.Size(file.Length)}; a program may be at most {RunFiles.Size(RunRequest.MaxSourceBytes)}.");
        }

        var (source, sourceProblem) = RunFiles.Text(file.FullName, await File.ReadAllBytesAsync(file.FullName, ct));
        if (sourceProblem is not null)
        {
            return (null, "", sourceProblem);
        }

        if (string.IsNullOrWhiteSpace(source))
        {
            return (null, "", $"{file.FullName} is empty: there is no code to run.");
        }

        if (stdin is null)
        {
            return (source, "", null);
        }

        if (!stdin.Exists)
        {
            return (null, "", $"--stdin {stdin.FullName} does not exist.");
        }

        if (stdin.Length > RunRequest.MaxStdinBytes)
        {
            return (null, "", $"--stdin {stdin.FullName} is {RunFiles.Size(stdin.Length)}; the input may be at most {RunFiles.Size(RunRequest.MaxStdinBytes)}.");
        }

        var (input, inputProblem) = RunFiles.Text($"--stdin {stdin.FullName}", await File.ReadAllBytesAsync(stdin.FullName, ct), allowControl: true);
        return inputProblem is null ? (source, input!, null) : (null, "", inputProblem);
    }

    private static async Task<(QuestionTests? Tests, string? Problem)> FindTestsAsync(string questionId, string language, TextWriter error, CancellationToken ct)
    {
        QuestionTests? found = null;
        string? problem = null;
        var exit = await HostForCommand.RunAsync(
            error,
            async services =>
            {
                await using var scope = services.CreateAsyncScope();
                var question = (await scope.ServiceProvider.GetRequiredService<BankLibrary>().CurrentAsync(ct)).Question(questionId)?.Document;
                if (question is null)
                {
                    problem = $"There is no question '{questionId}' in the bank; list the ids with 'rapport bank export DIR', or import a bank with 'rapport bank import DIR'.";
                    return BadInput;
                }

                if (question.Interviewer.Tests is not { } tests)
                {
                    problem = $"The question '{questionId}' has no tests; add a 'tests' field (docs/question-format.md).";
                    return BadInput;
                }

                if (tests.Language != language)
                {
                    problem = $"The tests of '{questionId}' call {tests.Language} code; run them with --language {tests.Language}.";
                    return BadInput;
                }

                found = tests;
                return 0;
            },
            ct);
        return exit == 0 ? (found, null) : (null, problem);
    }
}
