namespace Rapport.Sandbox;

/// <summary>One press of Run: a program, its input, and optionally the question's tests.</summary>
public sealed record RunRequest
{
    /// <summary>More code than any interview needs: refused before anything runs.</summary>
    public const int MaxSourceBytes = 256 * 1024;

    /// <summary>The largest standard input (a plain run's or a test's).</summary>
    public const int MaxStdinBytes = 16 * 1024 * 1024;

    /// <summary>A language id from the catalogue: python, javascript, cpp or csharp.</summary>
    public required string Language { get; init; }

    public required string Source { get; init; }

    /// <summary>Standard input for a plain run (ignored when <see cref="Tests"/> are given: each test has its own).</summary>
    public string Stdin { get; init; } = "";

    /// <summary>When non-empty, the program is compiled once and run once per test.</summary>
    public IReadOnlyList<TestCase> Tests { get; init; } = [];

    /// <summary>Limits for each run step; null takes the language's defaults.</summary>
    public RunLimits? Limits { get; init; }

    /// <summary>
    /// When set, decides every test instead of comparing its output with
    /// <see cref="TestCase.ExpectedOutput"/>: a trusted program run once after the tests, in a
    /// process and a box of its own, that alone reads each test's <see cref="TestCase.CheckerInput"/>.
    /// The candidate's program never sees what the checker knows.
    /// </summary>
    public Checker? Checker { get; init; }
}

/// <summary>
/// A trusted program that judges the candidate's outputs, as a "special judge" does in programming
/// contests. It reads on stdin one JSON array, an object per test in order:
/// <c>{"name", "input", "output"}</c> (input: the test's <see cref="TestCase.CheckerInput"/>;
/// output: what the candidate's program printed, or null when it did not finish cleanly), and prints
/// one JSON object per line per test: <c>{"name": ..., "passed": true|false, ...}</c>; the whole
/// line comes back as <see cref="TestCaseResult.CheckerOutput"/> for the caller to read.
/// </summary>
public sealed record Checker
{
    public required string Language { get; init; }

    public required string Source { get; init; }
}

/// <summary>
/// One test of a question: the program reads <see cref="Stdin"/> and must print
/// <see cref="ExpectedOutput"/>. Hidden tests (the default) report only pass or fail.
/// </summary>
public sealed record TestCase
{
    public required string Name { get; init; }

    public string Stdin { get; init; } = "";

    /// <summary>What the program must print; ignored (give "") when the request has a <see cref="RunRequest.Checker"/>.</summary>
    public required string ExpectedOutput { get; init; }

    /// <summary>With a <see cref="RunRequest.Checker"/>: what only the checker reads for this test (expected values, conditions).</summary>
    public string? CheckerInput { get; init; }

    /// <summary>Visible tests show the candidate their input, the expected and the actual output.</summary>
    public bool IsVisible { get; init; }

    /// <summary>When set, numbers in the output are compared within this tolerance (ML answers).</summary>
    public NumericTolerance? Tolerance { get; init; }
}

/// <summary>
/// A number passes when |actual - expected| &lt;= max(Absolute, Relative * |expected|).
/// Separators (spaces, commas, brackets) are ignored, so "[0.1, 0.2]" matches "0.1 0.2".
/// </summary>
public sealed record NumericTolerance(double Absolute, double Relative = 0);
