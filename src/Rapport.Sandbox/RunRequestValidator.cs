using System.Text;
using Rapport.Sandbox.Languages;

namespace Rapport.Sandbox;

/// <summary>Bad input gets a clear answer before anything runs.</summary>
internal static class RunRequestValidator
{
    public const int MaxSourceBytes = RunRequest.MaxSourceBytes;
    public const int MaxStdinBytes = RunRequest.MaxStdinBytes;
    public const int MaxTests = 100;

    public static IReadOnlyList<string> Problems(RunRequest request, LanguageCatalogue catalogue)
    {
        var problems = new List<string>();
        if (catalogue.Find(request.Language) is null)
        {
            problems.Add($"Unknown language '{request.Language}'. Choose one of: {string.Join(", ", catalogue.All.Select(l => l.Id))}.");
        }

        if (string.IsNullOrWhiteSpace(request.Source))
        {
            problems.Add("There is no code to run yet.");
        }
        else if (Encoding.UTF8.GetByteCount(request.Source) > MaxSourceBytes)
        {
            problems.Add($"The code is larger than {MaxSourceBytes / 1024} KB; that is far more than an interview needs.");
        }
        else if (!LooksLikeText(request.Source))
        {
            problems.Add("The code contains binary data (NUL or other control characters), not text.");
        }

        if (Encoding.UTF8.GetByteCount(request.Stdin) > MaxStdinBytes)
        {
            problems.Add($"The input is larger than {MaxStdinBytes / (1024 * 1024)} MB.");
        }

        if (request.Tests.Count > MaxTests)
        {
            problems.Add($"At most {MaxTests} tests can run at once.");
        }

        if (request.Tests.Any(t => string.IsNullOrWhiteSpace(t.Name)) || request.Tests.Select(t => t.Name).Distinct().Count() != request.Tests.Count)
        {
            problems.Add("Every test needs a name of its own.");
        }

        if (request.Tests.Any(t => Encoding.UTF8.GetByteCount(t.Stdin) > MaxStdinBytes))
        {
            problems.Add($"A test's input is larger than {MaxStdinBytes / (1024 * 1024)} MB.");
        }

        if (request.Tests.Any(t => t.Tolerance is { } tolerance && (!(tolerance.Absolute >= 0) || !(tolerance.Relative >= 0))))
        {
            problems.Add("A test's numeric tolerance must be zero or positive.");
        }

        if (request.Checker is { } checker)
        {
            if (catalogue.Find(checker.Language) is null)
            {
                problems.Add($"Unknown checker language '{checker.Language}'. Choose one of: {string.Join(", ", catalogue.All.Select(l => l.Id))}.");
            }

            if (string.IsNullOrWhiteSpace(checker.Source) || Encoding.UTF8.GetByteCount(checker.Source) > MaxSourceBytes)
            {
                problems.Add($"The checker must be a program of at most {MaxSourceBytes / 1024} KB.");
            }

            if (request.Tests.Count == 0)
            {
                problems.Add("A checker needs tests to check.");
            }

            if (request.Tests.Sum(t => (long)Encoding.UTF8.GetByteCount(t.CheckerInput ?? "")) > MaxStdinBytes)
            {
                problems.Add($"The tests' checker inputs add up to more than {MaxStdinBytes / (1024 * 1024)} MB.");
            }
        }

        if (request.Limits is { } limits)
        {
            problems.AddRange(limits.Validate());
        }

        return problems;
    }

    private static bool LooksLikeText(string source) =>
        !source.Any(c => c == '\0' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f')) || c == '\uFFFD');
}
