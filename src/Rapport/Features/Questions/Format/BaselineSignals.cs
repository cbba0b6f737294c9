namespace Rapport.Features.Questions.Format;

/// <summary>
/// The baseline every technical interview looks for (sound knowledge of the language and tools,
/// thinking out loud, being friendly and cooperative): missing any of them is a concern. The
/// signal file has no flag for it yet, so the rule lives here alone: the first three signals of
/// the set are the baseline, as <c>bank/signals.yaml</c> says in its opening comment.
/// </summary>
public static class BaselineSignals
{
    public const int Count = 3;

    public static IReadOnlyList<SignalDefinition> Of(SignalCatalog catalog) => [.. catalog.Signals.Take(Count)];
}
