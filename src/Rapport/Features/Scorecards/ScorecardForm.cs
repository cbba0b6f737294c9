using System.Globalization;

namespace Rapport.Features.Scorecards;

/// <summary>
/// Reads the scorecard page's form (the page without JavaScript, and the amend form) into the same
/// <see cref="ScorecardContent"/> the JSON API takes, with the same field names
/// (<c>ratings[2].evidence</c>), so <see cref="ScorecardRules"/>' problems land beside their fields.
/// Fields arrive as text: a level or a moment that is not a whole number is refused here, by field.
/// </summary>
public static class ScorecardForm
{
    /// <summary>More lines than any sheet has: a form claiming more is not this page's.</summary>
    public const int MaxRows = 200;

    public static string Field(int row, string part) => $"ratings[{row}].{part}";

    public static (ScorecardContent Content, Dictionary<string, string[]> Problems) Read(IFormCollection form)
    {
        var problems = new Dictionary<string, string[]>();
        var ratings = new List<SignalRating>();
        for (var i = 0; i < MaxRows && form.ContainsKey(Field(i, "signal")); i++)
        {
            int? level = null;
            var levelText = form[Field(i, "level")].ToString().Trim();
            if (levelText.Length > 0)
            {
                if (int.TryParse(levelText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    level = parsed;
                }
                else
                {
                    problems[Field(i, "level")] = ["Choose a level from 1 to 4, or not assessed."];
                }
            }

            var moments = new List<long>();
            foreach (var text in form[Field(i, "moments")])
            {
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var moment))
                {
                    if (!moments.Contains(moment))
                    {
                        moments.Add(moment);
                    }
                }
                else
                {
                    problems[Field(i, "moments")] = ["A linked moment is a number of the replay's timeline; reload the page and link it again."];
                }
            }

            ratings.Add(new SignalRating(
                form[Field(i, "question")].ToString(),
                form[Field(i, "signal")].ToString(),
                level,
                Text(form[Field(i, "evidence")]),
                moments));
        }

        var recommendation = form["recommendation"].ToString().Trim();
        return (new ScorecardContent(ratings, recommendation.Length == 0 ? null : recommendation, Text(form["why"])), problems);
    }

    /// <summary>A text area's value as typed: browsers send its line breaks as CR LF, the API's clients as LF, so both count alike.</summary>
    public static string? Text(string? value) =>
        string.IsNullOrEmpty(value) ? null : value.Replace("\r\n", "\n", StringComparison.Ordinal);
}
