using Rapport.Features.Kits.Format;
using Rapport.Sandbox;

namespace Rapport.Features.Rooms;

/// <summary>The languages Run offers in a room: the kit's pad languages that the sandbox can run (all of them without a kit).</summary>
public static class RunnableLanguages
{
    public static IReadOnlyList<LanguageInfo> Of(KitDocument? kit, IReadOnlyList<LanguageInfo> sandbox) =>
        kit?.Languages is { Count: > 0 } offered
            ? [.. offered.SelectMany(id => sandbox.Where(l => l.Id == id))]
            : sandbox;

    public static string Name(string id, IReadOnlyList<LanguageInfo> languages) =>
        languages.FirstOrDefault(l => l.Id == id)?.DisplayName ?? id;
}
