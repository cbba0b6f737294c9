using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Testing;
using Rapport.Sandbox;

namespace Rapport.Tests.Questions;

/// <summary>The starter bank shipped in bank/ is valid, and every reference solution passes its own tests.</summary>
public sealed class StarterBankTests
{
    public static string BankFolderPath
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Rapport.slnx")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Rapport.slnx not found above the test folder"), "bank");
        }
    }

    public static TheoryData<string> QuestionsWithTests =>
        [.. BankFolder.Read(BankFolderPath).Bank?.Questions.Where(q => q.Document.Interviewer.Tests is not null).Select(q => q.Document.Id) ?? []];

    [Fact]
    public void StarterBank_PassesValidationWithoutWarnings()
    {
        var reading = BankFolder.Read(BankFolderPath);

        Assert.True(reading.Problems.Count == 0, string.Join("\n", reading.Problems));
        Assert.NotNull(reading.Bank);
    }

    [Theory]
    [MemberData(nameof(QuestionsWithTests))]
    public async Task ReferenceSolution_PassesItsOwnHiddenTests_InTheSandbox(string questionId)
    {
        var question = BankFolder.Read(BankFolderPath).Bank!.Question(questionId)!.Document;
        var tests = question.Interviewer.Tests!;

        var (results, operatorDetail) = await RunWithDetailAsync(tests, question.Interviewer.ReferenceSolutions[tests.Language]);

        Assert.Equal(tests.Cases.Select(c => c.Name), results.Select(r => r.Name));
        var failed = results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Message}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed) + $"\nfor operators: {operatorDetail}");
    }

    [Fact]
    public async Task Harness_FailsAWrongSolution_WithTheCaseAndTheLine_AndKeepsHiddenCasesHidden()
    {
        var question = BankFolder.Read(BankFolderPath).Bank!.Question("numerically-stable-softmax")!.Document;
        const string naive = "import numpy as np\n\ndef softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=1, keepdims=True)\n\ndef cross_entropy(z, y):\n    raise ValueError('not yet')\n";

        var results = await RunAsync(question.Interviewer.Tests!, naive);

        Assert.True(results.Single(r => r.Name == "softmax of a small vector").Passed);
        var overflow = results.Single(r => r.Name == "softmax survives very large logits");
        Assert.Equal((false, false, null, null), (overflow.Passed, overflow.Visible, overflow.Call, overflow.Actual));
        // A visible case tells the whole error; a hidden one its kind and line only.
        Assert.Equal("Your code raised ValueError on line 8: not yet.", results.Single(r => r.Name == "cross-entropy of uniform logits is log of the class count").Message);
        Assert.Equal("Your code raised ValueError on line 8.", results.Single(r => r.Name == "cross-entropy stays finite when confidently wrong").Message);
    }

    [Fact]
    public async Task Harness_ReportsASyntaxErrorOnTheCandidatesLine()
    {
        var question = BankFolder.Read(BankFolderPath).Bank!.Question("numerically-stable-softmax")!.Document;

        var results = await RunAsync(question.Interviewer.Tests!, "import numpy as np\n\ndef softmax(z)\n    return z\n");

        Assert.All(results, r => Assert.StartsWith("Your code raised SyntaxError on line 3", r.Message, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<QuestionTestOutcome>> RunAsync(QuestionTests tests, string solution) =>
        (await RunWithDetailAsync(tests, solution)).Results;

    private static async Task<(IReadOnlyList<QuestionTestOutcome> Results, string? OperatorDetail)> RunWithDetailAsync(QuestionTests tests, string solution)
    {
        var runtime = Infrastructure.SharedSandbox.Runtime;
        var availability = await runtime.AvailabilityAsync(CancellationToken.None);
        Assert.True(availability.Available, $"the sandbox is needed (run the tests as root through script/test): {availability.OperatorDetail}");
        var result = await runtime.Jobs.RunAsync(QuestionTestProgram.Build(tests, solution), null, CancellationToken.None);
        Assert.True(result.Verdict is Verdict.Ok or Verdict.TestsFailed, $"{result.Verdict}: {result.Message} {result.OperatorDetail}");
        return (QuestionTestProgram.Read(tests, result), result.OperatorDetail);
    }
}
