using System.Globalization;

namespace Rapport.Features.Rooms;

/// <summary>
/// The session facts of a whole interview in a few lines, for the top of the replay: how often the
/// tab went to the background and for how long in all, the large pastes, and how many facts were
/// counted past the room's ceiling. Context for the reader, never a verdict.
/// </summary>
public sealed record SessionFactSummary(int TimesAway, double SecondsAway, int Pastes, int NotStored)
{
    public static SessionFactSummary From(IEnumerable<LoggedEvent> events)
    {
        int away = 0, pastes = 0, notStored = 0;
        double seconds = 0;
        DateTimeOffset? hiddenAt = null;
        foreach (var (entry, payload) in events)
        {
            switch (payload)
            {
                case SessionFact { Kind: SessionFact.TabHidden } hidden:
                    away += hidden.Times;
                    hiddenAt ??= entry.At;
                    break;
                case SessionFact { Kind: SessionFact.TabVisible } back:
                    // Before version 2 the server did not measure the time away; the log's own times do.
                    seconds += entry.SchemaVersion >= 2 ? back.SecondsAway ?? 0 : hiddenAt is { } since ? (entry.At - since).TotalSeconds : 0;
                    hiddenAt = null;
                    break;
                case SessionFact { Kind: SessionFact.LargePaste } paste:
                    pastes += paste.Times;
                    break;
                case SessionFactsNotStored counted:
                    foreach (var count in counted.Counts)
                    {
                        notStored += count.Times;
                        away += count.Kind == SessionFact.TabHidden ? count.Times : 0;
                        pastes += count.Kind == SessionFact.LargePaste ? count.Times : 0;
                        seconds += count.SecondsAway;
                    }

                    break;
            }
        }

        return new SessionFactSummary(away, seconds, pastes, notStored);
    }

    public IEnumerable<string> Lines()
    {
        if (TimesAway > 0)
        {
            yield return $"Tab in the background {SessionFactWords.Times(TimesAway)}, {SessionFactWords.Duration(SecondsAway)} in all.";
        }

        if (Pastes > 0)
        {
            yield return $"Large pastes into the pad: {SessionFactWords.Times(Pastes)}.";
        }

        if (NotStored > 0)
        {
            yield return $"The room stores at most {SessionFactTallies.MaxStoredPerRoom} facts: {NotStored.ToString("N0", CultureInfo.InvariantCulture)} more were counted but not stored (the figures above include them).";
        }
    }
}
