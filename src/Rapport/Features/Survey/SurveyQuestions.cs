namespace Rapport.Features.Survey;

/// <summary>One question of the survey, its field name (as the form and the API spell it), its short name in messages and tables, and the words for each point of its 1–5 scale.</summary>
public sealed record SurveyQuestion(string Field, string Name, string Text, IReadOnlyList<string> Scale, bool Required = false, bool OffersNoHints = false)
{
    public string LabelOf(int value) => $"{value} · {Scale[value - 1]}";
}

public static class SurveyQuestions
{
    public const int Lowest = 1;
    public const int Highest = 5;

    private static readonly string[] Agreement = ["strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree"];

    public static readonly SurveyQuestion ExpectationsClear = new("expectationsClear", "Expectations were clear", "I knew what to expect: the format, the time and what was asked of me were clear.", Agreement);

    public static readonly SurveyQuestion TreatedWithRespect = new("treatedWithRespect", "Treated with respect", "I was treated with respect.", Agreement);

    public static readonly SurveyQuestion HintsHelped = new("hintsHelped", "Hints helped", "The hints I was given helped me.", Agreement, OffersNoHints: true);

    public static readonly SurveyQuestion TimeForQuestions = new("timeForQuestions", "Time for my questions", "I had time for my own questions.", Agreement);

    /// <summary>The one required answer: a response without it says nothing that can be counted.</summary>
    public static readonly SurveyQuestion Overall = new("overall", "Overall", "Overall, how was this interview for you?", ["very poor", "poor", "fair", "good", "excellent"], Required: true);

    public static readonly IReadOnlyList<SurveyQuestion> All = [ExpectationsClear, TreatedWithRespect, HintsHelped, TimeForQuestions, Overall];

    public const string CommentField = "comment";

    /// <summary>The value a form posts, and the API takes as <c>noHintsGiven</c>, for "no hints were given".</summary>
    public const string NoHints = "none";
}
