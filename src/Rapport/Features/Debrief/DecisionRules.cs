using System.Globalization;
using Rapport.Features.Candidates;
using Rapport.Infrastructure;

namespace Rapport.Features.Debrief;

/// <summary>The decisions a debrief can record, by the names the API takes, and what a rationale needs.</summary>
public static class DecisionRules
{
    public static readonly IReadOnlyDictionary<string, LoopDecision> Decisions = new Dictionary<string, LoopDecision>
    {
        ["hire"] = LoopDecision.Hire,
        ["no-hire"] = LoopDecision.NoHire,
        ["more-signal"] = LoopDecision.MoreSignal,
    };

    public static string Name(LoopDecision decision) => Decisions.Single(d => d.Value == decision).Key;

    public static string Words(LoopDecision decision) => decision switch
    {
        LoopDecision.Hire => "Hire",
        LoopDecision.NoHire => "No hire",
        _ => "More signal needed",
    };

    public static string? CheckDecision(string? decision) =>
        decision is not null && Decisions.ContainsKey(decision) ? null
        : string.IsNullOrWhiteSpace(decision) ? "Choose a decision: hire, no-hire or more-signal."
        : $"'{Quote(decision)}' is not a decision; choose hire, no-hire or more-signal.";

    public static string? CheckRationale(string? rationale) =>
        string.IsNullOrWhiteSpace(rationale) ? "Write the rationale: why this decision, from the evidence on the scorecards. It is part of the hiring record."
        : rationale.Trim().Length > Loop.MaxRationaleLength ? $"The rationale is {rationale.Trim().Length} characters long; the limit is {Loop.MaxRationaleLength}. Keep the reasons; the scorecards hold the evidence."
        : ShownText.ProseProblem(rationale, "The rationale");

    /// <summary>A time as the hiring record writes it, the same for every reader: UTC, to the minute.</summary>
    public static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Quote(string value) => ShownText.Quote(value, 40);
}
