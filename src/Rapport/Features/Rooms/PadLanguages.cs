using Rapport.Features.Questions.Format;

namespace Rapport.Features.Rooms;

public sealed record PadLanguage(string Id, string Label);

/// <summary>
/// The languages the pad can highlight. Ids are the bank's (<see cref="BankVocabulary.Languages"/>)
/// plus plain text, which is always offered: pseudo-code and design sketches need no language.
/// </summary>
public static class PadLanguages
{
    public const string PlainText = "text";

    public static readonly IReadOnlyList<PadLanguage> All =
    [
        new("python", "Python"),
        new("javascript", "JavaScript"),
        new("typescript", "TypeScript"),
        new("cpp", "C++"),
        new("csharp", "C#"),
        new("sql", "SQL"),
        new(PlainText, "Plain text"),
    ];

    /// <summary>
    /// What this interview allows: the kit's languages (all of them when the kit names none),
    /// narrowed to the current question's when it names some of them, and plain text.
    /// </summary>
    public static IReadOnlyList<PadLanguage> Allowed(InterviewMaterial material, QuestionDocument? current)
    {
        IEnumerable<string> ids = material.Kit?.Languages is { Count: > 0 } kit ? kit : BankVocabulary.Languages;
        if (current?.Languages is { Count: > 0 } asked && ids.Intersect(asked).Any())
        {
            ids = ids.Intersect(asked);
        }

        var allowed = ids.Append(PlainText).ToHashSet();
        return [.. All.Where(l => allowed.Contains(l.Id))];
    }

    /// <summary>The language a pad starts in: the kit's first, or plain text for a kit without code.</summary>
    public static string Default(InterviewMaterial material) =>
        material.Kit?.Languages is { Count: > 0 } kit ? kit[0] : PlainText;

    public static string LabelOf(string id) => All.FirstOrDefault(l => l.Id == id)?.Label ?? id;
}
