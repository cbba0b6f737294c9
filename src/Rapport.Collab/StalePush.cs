namespace Rapport.Collab;

/// <summary>Moves a stale push over the updates its client had not seen: @codemirror/collab's <c>rebaseUpdates</c>, ported exactly.</summary>
internal static class StalePush
{
    /// <summary>
    /// Drops the leading <paramref name="updates"/> that <paramref name="over"/> shows were accepted
    /// already (the client re-sends every unconfirmed update), then maps the rest over the other
    /// clients' updates in <paramref name="over"/>, which were accepted after the push's version.
    /// </summary>
    public static IReadOnlyList<PushedUpdate> Rebase(string clientId, IReadOnlyList<PushedUpdate> updates, IReadOnlyList<PadUpdate> over)
    {
        if (over.Count == 0 || updates.Count == 0)
        {
            return updates;
        }

        ChangeDesc? changes = null;
        var skip = 0;
        foreach (var update in over)
        {
            if (skip < updates.Count && update.ClientId == clientId)
            {
                // One of the pusher's own updates: the others' changes move past its re-sent copy.
                changes = changes?.MapDesc(updates[skip].Changes, before: true);
                skip++;
            }
            else
            {
                changes = changes is null ? update.Changes : changes.ComposeDesc(update.Changes);
            }
        }

        var remaining = updates.Skip(skip).ToList();
        if (changes is null)
        {
            return remaining;
        }

        var rebased = new List<PushedUpdate>(remaining.Count);
        foreach (var update in remaining)
        {
            var mapped = update.Changes.Map(changes);
            changes = changes.MapDesc(update.Changes, before: true);
            rebased.Add(update with { Changes = mapped });
        }

        return rebased;
    }
}
