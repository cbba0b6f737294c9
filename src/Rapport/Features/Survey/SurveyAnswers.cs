using System.Globalization;
using System.Text;

namespace Rapport.Features.Survey;

/// <summary>
/// What a candidate sends: each answer 1–5 or left out, except <see cref="Overall"/>; a free
/// text up to <see cref="SurveyResponse.MaxCommentLength"/> characters. Both the page's form and
/// the API arrive here, so both refuse the same things with the same words.
/// </summary>
public sealed record SurveyAnswers(
    int? ExpectationsClear,
    int? TreatedWithRespect,
    int? HintsHelped,
    bool NoHintsGiven,
    int? TimeForQuestions,
    int? Overall,
    string? Comment)
{
    /// <summary>Problems by field (empty when the answers can be stored), each saying how to fix it.</summary>
    public Dictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        CheckScale(problems, SurveyQuestions.ExpectationsClear, ExpectationsClear);
        CheckScale(problems, SurveyQuestions.TreatedWithRespect, TreatedWithRespect);
        CheckScale(problems, SurveyQuestions.HintsHelped, HintsHelped);
        CheckScale(problems, SurveyQuestions.TimeForQuestions, TimeForQuestions);
        CheckScale(problems, SurveyQuestions.Overall, Overall);
        if (HintsHelped is not null && NoHintsGiven && !problems.ContainsKey(SurveyQuestions.HintsHelped.Field))
        {
            problems[SurveyQuestions.HintsHelped.Field] = ["Hints helped: choose how much the hints helped, or that no hints were given, not both."];
        }

        if (Comment is not null && CommentProblem(Comment) is { } problem)
        {
            problems[SurveyQuestions.CommentField] = [problem];
        }

        return problems;
    }

    /// <summary>The free text as it is stored: trimmed, in Unicode normal form C, null when there is none.</summary>
    public string? CleanComment => Comment?.Trim() is { Length: > 0 } text ? text.Normalize(NormalizationForm.FormC) : null;

    private static void CheckScale(Dictionary<string, string[]> problems, SurveyQuestion question, int? value)
    {
        if (value is null)
        {
            if (question.Required)
            {
                problems[question.Field] = [$"{question.Name}: this answer is needed; choose a value from {question.LabelOf(SurveyQuestions.Lowest)} to {question.LabelOf(SurveyQuestions.Highest)}."];
            }
        }
        else if (value is < SurveyQuestions.Lowest or > SurveyQuestions.Highest)
        {
            problems[question.Field] = [$"{question.Name}: {value} is outside the scale; choose a value from {question.LabelOf(SurveyQuestions.Lowest)} to {question.LabelOf(SurveyQuestions.Highest)}."];
        }
    }

    /// <summary>
    /// Refuses text that would show differently from what is stored: control characters (NUL
    /// among them; tab and line breaks are fine), direction overrides and isolates, and invisible
    /// format characters. The zero-width joiner and non-joiner stay allowed: Persian, the Indic
    /// scripts and emoji sequences (👩‍💻) need them, and they cannot reorder or hide text; so do
    /// the tag characters of flag emoji.
    /// </summary>
    public static string? CommentProblem(string comment)
    {
        var trimmed = comment.Trim();
        var position = 0;
        for (var i = 0; i < trimmed.Length;)
        {
            position++;
            if (Rune.DecodeFromUtf16(trimmed.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return $"Your comments: character {position} is half of a character pair (U+{(int)trimmed[i]:X4}) that cannot be stored. Remove it and send again.";
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Control && rune.Value is not ('\t' or '\n' or '\r'))
            {
                return $"Your comments: character {position} is an invisible control character ({Describe(rune)}). Remove it and send again.";
            }

            if (category == UnicodeCategory.Format && rune.Value is not (0x200C or 0x200D) && rune.Value is not (>= 0xE0020 and <= 0xE007F))
            {
                return IsDirectionControl(rune)
                    ? $"Your comments: character {position} is a text-direction control ({Describe(rune)}), which can make the text read differently from what is stored. Remove it and send again."
                    : $"Your comments: character {position} is an invisible character ({Describe(rune)}). Remove it and send again.";
            }

            i += used;
        }

        var length = trimmed.Normalize(NormalizationForm.FormC).Length;
        return length > SurveyResponse.MaxCommentLength
            ? $"Your comments: {length.ToString("N0", CultureInfo.InvariantCulture)} characters; the limit is {SurveyResponse.MaxCommentLength.ToString("N0", CultureInfo.InvariantCulture)}. Shorten them and send again."
            : null;
    }

    private static bool IsDirectionControl(Rune rune) => rune.Value is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    private static string Describe(Rune rune) => rune.Value switch
    {
        0x0000 => "U+0000, a null character",
        0x200B => "U+200B, zero width space",
        0x2060 => "U+2060, word joiner",
        0xFEFF => "U+FEFF, zero width no-break space",
        0x202E => "U+202E, right-to-left override",
        0x202D => "U+202D, left-to-right override",
        0x2066 => "U+2066, left-to-right isolate",
        0x2067 => "U+2067, right-to-left isolate",
        _ => $"U+{rune.Value:X4}",
    };
}
