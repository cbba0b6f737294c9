namespace Rapport.Features.Kits.Format;

/// <summary>One part of the interview: its kind, its time, and the question(s) to choose from.</summary>
public sealed record KitSection(string Kind, string Title, int Minutes, IReadOnlyList<string> Questions, int Line);

/// <summary>An interview plan: sections with time budgets, the signals it must cover, for a role and level.</summary>
public sealed record KitDocument(
    string Id,
    string Title,
    string Role,
    string Level,
    int DurationMinutes,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Signals,
    IReadOnlyList<KitSection> Sections,
    int SignalsLine);
