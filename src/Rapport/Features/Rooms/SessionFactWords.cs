using System.Globalization;

namespace Rapport.Features.Rooms;

/// <summary>
/// Session facts in plain words: context for the reader, never a verdict. A fact that stands for
/// several says how many and, for the tab, how long it was away in all.
/// </summary>
public static class SessionFactWords
{
    public static string Of(string kind) => kind switch
    {
        SessionFact.TabHidden => "switched away from the interview tab",
        SessionFact.TabVisible => "came back to the interview tab",
        SessionFact.LargePaste => "pasted into the pad",
        _ => kind,
    };

    /// <summary>What the fact adds to its kind's words: the page's own detail for one fact; how many, over how long, for several.</summary>
    public static string Detail(DateTimeOffset at, SessionFact fact)
    {
        if (fact.Times <= 1)
        {
            return fact.Detail;
        }

        var over = fact.Since is { } since ? $" in {Duration((at - since).TotalSeconds)}" : "";
        var away = fact.SecondsAway is > 0 and var seconds ? $", {Duration(seconds)} away in all" : "";
        var last = fact.Detail.Length > 0 ? $" (the last: {fact.Detail})" : "";
        return $"{Times(fact.Times)}{over}{away}{last}";
    }

    public static string Times(int times) => times == 1 ? "once" : $"{times.ToString("N0", CultureInfo.InvariantCulture)} times";

    /// <summary>"40 s", "3 min", "3 min 20 s", "1 h 5 min": how long, for people.</summary>
    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return span switch
        {
            { TotalMinutes: < 1 } => $"{span.Seconds} s",
            { TotalHours: < 1 } when span.Seconds == 0 => $"{span.Minutes} min",
            { TotalHours: < 1 } => $"{span.Minutes} min {span.Seconds} s",
            _ => $"{(int)span.TotalHours} h {span.Minutes} min",
        };
    }
}
