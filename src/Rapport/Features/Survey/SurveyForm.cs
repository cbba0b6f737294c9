using System.Globalization;

namespace Rapport.Features.Survey;

/// <summary>
/// Reads the survey page's form. Fields arrive as text, so a value that is not a whole number is
/// refused here, by field, before <see cref="SurveyAnswers.Problems"/> checks the rest.
/// </summary>
public static class SurveyForm
{
    public static (SurveyAnswers Answers, Dictionary<string, string[]> Problems) Read(IFormCollection form)
    {
        var problems = new Dictionary<string, string[]>();
        int? Scale(SurveyQuestion question)
        {
            var text = form[question.Field].ToString().Trim();
            if (text.Length == 0 || (question.OffersNoHints && text == SurveyQuestions.NoHints))
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            problems[question.Field] = [$"{question.Name}: the value sent is not a point of the scale; choose a value from {question.LabelOf(SurveyQuestions.Lowest)} to {question.LabelOf(SurveyQuestions.Highest)}."];
            return null;
        }

        var answers = new SurveyAnswers(
            Scale(SurveyQuestions.ExpectationsClear),
            Scale(SurveyQuestions.TreatedWithRespect),
            Scale(SurveyQuestions.HintsHelped),
            form[SurveyQuestions.HintsHelped.Field].ToString().Trim() == SurveyQuestions.NoHints,
            Scale(SurveyQuestions.TimeForQuestions),
            Scale(SurveyQuestions.Overall),
            form[SurveyQuestions.CommentField].ToString() is { Length: > 0 } comment ? comment : null);
        foreach (var (field, messages) in answers.Problems())
        {
            problems.TryAdd(field, messages);
        }

        return (answers, problems);
    }
}
