using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Candidates;
using Rapport.Features.Interviews;
using Rapport.Features.Questions.Format;
using Rapport.Features.Rooms;
using Rapport.Features.Scorecards;

namespace Rapport.Features.Feedback;

/// <summary>What Rapport proposes for a decided loop, for a person to edit and approve.</summary>
public sealed record FeedbackDraft(string Outcome, string Feedback, IReadOnlyList<FinalCode> Code);

/// <summary>
/// Drafts a feedback letter from what the panel submitted. It reads only the levels (to choose
/// between "went well" and "to grow", never to state them) and the signals' names, descriptions and
/// resources from the pinned signal set: evidence, notes, recommendations and the decision's
/// rationale are never read, so they cannot leak into the letter.
/// </summary>
public sealed class FeedbackDrafter(AppDbContext db)
{
    private enum Band
    {
        /// <summary>Nobody rated it (a baseline signal the interviews did not reach).</summary>
        Unseen,
        Strong,
        Mixed,
        ToGrow,
    }

    private sealed record SignalSeen(SignalDefinition Signal, Band Band);

    /// <summary>The draft for <paramref name="loop"/> (loaded with its candidate), decided Hire or NoHire.</summary>
    public async Task<FeedbackDraft> DraftAsync(Loop loop, CancellationToken ct)
    {
        var interviews = await db.Interviews.AsNoTracking()
            .Where(i => i.LoopId == loop.Id && i.Status != InterviewStatus.Cancelled)
            .Select(i => new { i.Id, i.ScheduledAt })
            .ToListAsync(ct);
        var signals = new List<SignalDefinition>();
        var code = new List<FinalCode>();
        foreach (var interview in interviews.OrderBy(i => i.ScheduledAt))
        {
            var material = await InterviewMaterial.LoadAsync(db, interview.Id, ct);
            foreach (var signal in material.Signals.Signals.Concat(material.Questions.Values.SelectMany(q => q.Question.DeclaredSignals)))
            {
                if (signals.All(s => s.Id != signal.Id))
                {
                    signals.Add(signal);
                }
            }

            code.AddRange(await FinalCode.ReadAsync(db, interview.Id, material, ct));
        }

        var levels = await LevelsAsync(loop.Id, ct);
        var seen = new List<SignalSeen>();
        foreach (var signal in signals)
        {
            if (levels.TryGetValue(signal.Id, out var given))
            {
                var mean = given.Average();
                seen.Add(new SignalSeen(signal, mean >= 3 ? Band.Strong : mean >= 2 ? Band.Mixed : Band.ToGrow));
            }
            else if (signal.Baseline)
            {
                seen.Add(new SignalSeen(signal, Band.Unseen));
            }
        }

        // Baseline signals first, as every technical interview looks for them; then the rest in the set's order.
        seen = [.. seen.OrderBy(s => s.Signal.Baseline ? 0 : 1)];
        return new FeedbackDraft(Outcome(loop), Feedback(seen), code);
    }

    /// <summary>Every level given per signal, from the latest revision of each submitted scorecard of the loop (shadows' practice ones left out).</summary>
    private async Task<Dictionary<string, List<int>>> LevelsAsync(Guid loopId, CancellationToken ct)
    {
        var contents = await db.Scorecards.AsNoTracking().Where(s => s.LoopId == loopId).Counting().LatestContentsAsync(ct);
        var levels = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var rating in contents.SelectMany(c => c.Ratings ?? []))
        {
            if (rating is { Signal: { } signal, Level: { } level and >= 1 and <= 4 })
            {
                (levels.TryGetValue(signal, out var list) ? list : levels[signal] = []).Add(level);
            }
        }

        return levels;
    }

    /// <summary>The letter's opening for the loop's decision, hire or no hire.</summary>
    public static string Outcome(Loop loop) => loop.Decision switch
    {
        LoopDecision.Hire =>
            $"We are delighted to tell you that we would like to offer you the {loop.Role} role. Someone from the team will be in touch in the next few days about the offer and what comes next.\n\n"
            + "Feedback is worth having whatever the outcome, so below is what we saw in your interviews: what went well, what to grow, and where to learn more.",
        LoopDecision.NoHire =>
            $"Thank you for the time and care you gave to your interviews for the {loop.Role} role. We have decided not to offer you the role this time. We know this is not the news you hoped for, and we are grateful you spent this time with us.\n\n"
            + "A decision about one role at one moment says little about what you can become. So that you leave with something of value, below is what went well, what to grow, and where to learn more.",
        _ => throw new InvalidOperationException($"A loop decided {loop.Decision} has no final outcome to write to the candidate."),
    };

    private static string Feedback(IReadOnlyList<SignalSeen> seen)
    {
        var text = new StringBuilder();
        var well = seen.Where(s => s.Band is Band.Strong or Band.Mixed).Select(s => s.Band == Band.Strong
            ? $"{s.Signal.Name}: this came through clearly. What we look for here: {s.Signal.Description}"
            : $"{s.Signal.Name}: there was a good base here to build on.").ToList();
        if (well.Count == 0)
        {
            well.Add("You worked through the problems with us and stayed with them: that takes courage in an interview, and it counts.");
        }

        Section(text, "What went well", well);
        Section(text, "What to grow", [.. seen.Where(s => s.Band is Band.Mixed or Band.ToGrow).Select(s => s.Band == Band.Mixed
            ? $"{s.Signal.Name}: to go further, aim for this more consistently. What we look for here: {s.Signal.Description}"
            : $"{s.Signal.Name}: this is where we would most suggest putting your practice. What we look for here: {s.Signal.Description}")]);
        Section(text, "What we did not get to see", [.. seen.Where(s => s.Band == Band.Unseen).Select(s =>
            $"{s.Signal.Name}: our interviews did not give you much room to show this, so we cannot say much about it. Every technical interview looks for it, so it is worth practising. What we look for here: {s.Signal.Description}")]);

        var withResources = seen.Where(s => s.Signal.Resources.Count > 0).ToList();
        if (withResources.Count > 0)
        {
            text.Append("Where to learn more\n\n");
            foreach (var s in withResources)
            {
                text.Append(s.Signal.Name).Append(":\n");
                foreach (var resource in s.Signal.Resources)
                {
                    text.Append("- ").Append(resource.Title).Append(": ").Append(resource.Url).Append('\n');
                }

                text.Append('\n');
            }
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static void Section(StringBuilder text, string heading, List<string> paragraphs)
    {
        if (paragraphs.Count == 0)
        {
            return;
        }

        text.Append(heading).Append("\n\n");
        foreach (var paragraph in paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }
    }
}
