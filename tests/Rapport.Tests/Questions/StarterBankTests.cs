using Rapport.Features.Questions.Format;

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
    public async Task ReferenceSolution_PassesItsOwnHiddenTests(string questionId)
    {
        // Runs with the host's Python and numpy until the sandbox issue lands (see HostPythonHarness).
        var question = BankFolder.Read(BankFolderPath).Bank!.Question(questionId)!.Document;
        var tests = question.Interviewer.Tests!;

        var results = await HostPythonHarness.RunAsync(tests, question.Interviewer.ReferenceSolutions[tests.Language]);

        Assert.Equal(tests.Cases.Select(c => c.Name), results.Select(r => r.Name));
        var failed = results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Error ?? $"got {r.Actual}"}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public async Task Harness_FailsAWrongSolution_WithTheCaseAndTheLine()
    {
        var question = BankFolder.Read(BankFolderPath).Bank!.Question("numerically-stable-softmax")!.Document;
        const string naive = "import numpy as np\n\ndef softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=1, keepdims=True)\n\ndef cross_entropy(z, y):\n    raise ValueError('not yet')\n";

        var results = await HostPythonHarness.RunAsync(question.Interviewer.Tests!, naive);

        Assert.True(results.Single(r => r.Name == "softmax of a small vector").Passed);
        Assert.False(results.Single(r => r.Name == "softmax survives very large logits").Passed);
        Assert.Equal("ValueError: not yet (line 8)", results.Single(r => r.Name == "cross-entropy of uniform logits is log of the class count").Error);
    }
}
