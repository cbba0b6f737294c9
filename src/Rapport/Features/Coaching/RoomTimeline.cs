using Rapport.Features.Rooms;

namespace Rapport.Features.Coaching;

/// <summary>A stretch the room stood still for reasons nobody chose: the server restarted, or a connection dropped and came back.</summary>
public sealed record Interruption(DateTimeOffset From, DateTimeOffset To, long ResumedAt)
{
    public TimeSpan Length => To - From;
}

/// <summary>One time the agenda was on a section: from the move to it until the next move, or the end.</summary>
public sealed record SectionVisit(int Index, DateTimeOffset From, DateTimeOffset To, long Moment);

/// <summary>
/// When things happened in a room, read from its log alone: when the candidate arrived, when the
/// interview started and ended, each section's time, and the interruptions. Coaching measures
/// read this, never the clock of the machine that computes them.
/// </summary>
public sealed class RoomTimeline
{
    private RoomTimeline(IReadOnlyList<LoggedEvent> events, DateTimeOffset? endedAt)
    {
        Events = events;
        Interruptions = FindInterruptions(events);
        CandidateArrived = events.FirstOrDefault(e => e.Payload is ParticipantJoined { Role: RoomActor.Candidate })?.Entry.At;
        var firstSection = events.FirstOrDefault(e => e.Payload is SectionChanged);
        Started = firstSection?.Entry.At ?? BothPresent(events);
        StartedMoment = firstSection?.Entry.Sequence;
        End = endedAt ?? (events.Count > 0 ? events[^1].Entry.At : DateTimeOffset.MinValue);
        var moves = events.Where(e => e.Payload is SectionChanged && e.Entry.At <= End).ToList();
        Visits = [.. moves.Select((move, i) => new SectionVisit(
            ((SectionChanged)move.Payload).SectionIndex,
            move.Entry.At,
            i + 1 < moves.Count ? moves[i + 1].Entry.At : End,
            move.Entry.Sequence))];
    }

    public IReadOnlyList<LoggedEvent> Events { get; }

    public IReadOnlyList<Interruption> Interruptions { get; }

    public IReadOnlyList<SectionVisit> Visits { get; }

    /// <summary>When the candidate first opened the room; null if they never did.</summary>
    public DateTimeOffset? CandidateArrived { get; }

    /// <summary>When the first section began, or (without an agenda) when the candidate and an interviewer were first both in the room.</summary>
    public DateTimeOffset? Started { get; }

    public long? StartedMoment { get; }

    /// <summary>When the panel ended the interview, or the log's last moment if nobody did.</summary>
    public DateTimeOffset End { get; }

    public static RoomTimeline Of(IReadOnlyList<LoggedEvent> events, DateTimeOffset? endedAt) => new(events, endedAt);

    /// <summary>How long the section at <paramref name="index"/> ran, over every visit, without interruptions.</summary>
    public TimeSpan HeldFor(int index) =>
        Visits.Where(v => v.Index == index).Aggregate(TimeSpan.Zero, (sum, v) => sum + (v.To - v.From) - Interrupted(v.From, v.To));

    /// <summary>How much of [<paramref name="from"/>, <paramref name="to"/>] the room spent interrupted.</summary>
    public TimeSpan Interrupted(DateTimeOffset from, DateTimeOffset to) =>
        Interruptions.Aggregate(TimeSpan.Zero, (sum, i) => sum + Overlap(i.From, i.To, from, to));

    /// <summary>The first interruption that begins inside (<paramref name="from"/>, <paramref name="to"/>), if any.</summary>
    public Interruption? FirstInterruptionWithin(DateTimeOffset from, DateTimeOffset to) =>
        Interruptions.FirstOrDefault(i => i.From >= from && i.From < to);

    private static TimeSpan Overlap(DateTimeOffset a, DateTimeOffset b, DateTimeOffset from, DateTimeOffset to)
    {
        var start = a > from ? a : from;
        var end = b < to ? b : to;
        return end > start ? end - start : TimeSpan.Zero;
    }

    private static DateTimeOffset? BothPresent(IReadOnlyList<LoggedEvent> events)
    {
        var (candidate, interviewer) = (false, false);
        foreach (var e in events)
        {
            if (e.Payload is ParticipantJoined joined)
            {
                candidate |= joined.Role == RoomActor.Candidate;
                interviewer |= joined.Role == RoomActor.Interviewer;
                if (candidate && interviewer)
                {
                    return e.Entry.At;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A person who joins again without having left (the room logs a leave only when someone's
    /// last connection goes) was cut off: the server restarted, or their connection dropped. When
    /// that comes after a quiet stretch of <see cref="CoachingThresholds.InterruptionAtLeast"/> or
    /// more, the room stood still from its last moment before the rejoin until the rejoin.
    /// Overlapping stretches (everyone rejoining after one restart) make one interruption.
    /// </summary>
    private static List<Interruption> FindInterruptions(IReadOnlyList<LoggedEvent> events)
    {
        var found = new List<Interruption>();
        var present = new HashSet<(RoomActor, string)>();
        DateTimeOffset? lastActivity = null;
        foreach (var e in events)
        {
            switch (e.Payload)
            {
                case ParticipantJoined joined:
                    if (!present.Add((joined.Role, joined.Name)) && lastActivity is { } last && e.Entry.At - last >= CoachingThresholds.InterruptionAtLeast)
                    {
                        if (found.Count > 0 && found[^1].From == last)
                        {
                            found[^1] = found[^1] with { To = e.Entry.At, ResumedAt = e.Entry.Sequence };
                        }
                        else
                        {
                            found.Add(new Interruption(last, e.Entry.At, e.Entry.Sequence));
                        }
                    }

                    // A rejoin is not activity: everyone rejoining after a restart measures from before it.
                    continue;
                case ParticipantLeft left:
                    present.Remove((left.Role, left.Name));
                    break;
            }

            lastActivity = e.Entry.At;
        }

        return found;
    }
}
