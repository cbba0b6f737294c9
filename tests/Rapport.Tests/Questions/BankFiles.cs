using Rapport.Features.Questions.Format;

namespace Rapport.Tests.Questions;

/// <summary>Small, valid bank files to start each test from; tests change one thing and look for the one problem.</summary>
public static class BankFiles
{
    /// <summary>The two files with one of them replaced, and any more, as the validator reads a folder.</summary>
    public static BankReading Check(string? question = null, string? kit = null, params BankFile[] more) =>
        BankCheck.Check([new("questions/two-sum.md", question ?? Question), new("kits/screen.yaml", kit ?? Kit), .. more]);

    public static BankProblem SingleError(BankReading reading)
    {
        var errors = reading.Problems.Where(p => p.Severity == Severity.Error).ToList();
        Assert.True(errors.Count == 1, $"expected one error, got: {string.Join("\n", reading.Problems)}");
        return errors[0];
    }

    public const string Question = """
        ---
        id: two-sum
        title: Two sum
        kind: coding
        levels: [junior]
        duration: 20
        languages: [python]
        signals: [problem-solving, code-quality]
        tags: [arrays]
        hints:
          - when: after about 3 minutes
            text: What have you already seen?
            unlocks: remembering values
          - when: after 6 minutes
            text: Could a dictionary help?
          - when: after 9 minutes
            text: Store each value's index as you go.
        rubric:
          problem-solving:
            1: needs the whole approach explained
            2: finds the quadratic approach only
            3: finds the linear approach with a hint
            4: finds the linear approach alone
          code-quality:
            1: does not run
            2: runs on the example only
            3: handles duplicates
            4: handles duplicates and explains why
        follow_ups:
          - What if the input is sorted?
        tests:
          language: python
          cases:
            - name: example
              visible: true
              call: two_sum([2, 7, 11, 15], 9)
              expected: [0, 1]
            - name: duplicates
              call: two_sum([3, 31337, 3], 6)
              expected: [0, 2]
        ---

        # Prompt

        Return the indices of the two numbers that add up to the target.

        # Starter code

        ```python
        def two_sum(numbers, target):
            pass
        ```

        # Reference solution

        ```python
        def two_sum(numbers, target):
            seen = {}
            for i, n in enumerate(numbers):
                if target - n in seen:
                    return [seen[target - n], i]
                seen[n] = i
        ```

        """;

    public const string Kit = """
        id: screen
        title: Screen
        role: Engineer
        level: junior
        duration: 35
        languages: [python]
        signals: [problem-solving]
        sections:
          - kind: introductions
            minutes: 5
          - kind: main-problem
            minutes: 20
            questions: [two-sum]
          - kind: candidate-questions
            minutes: 10

        """;
}
