using Microsoft.AspNetCore.SignalR;
using Rapport.Collab;
using Rapport.Features.Questions.Format;

namespace Rapport.Features.Rooms;

public sealed record PadLanguageView(string Language, string Label, string By);

/// <summary>
/// What a language switch did. The question's starter code is loaded by itself only into an empty
/// pad or over untouched starter code; otherwise <see cref="StarterWaiting"/> says the caller may
/// ask the person whether to replace the pad.
/// </summary>
public sealed record PadLanguageSwitched(string Language, bool StarterLoaded, bool StarterWaiting);

public sealed partial class RoomHub
{
    /// <summary>The languages the pad offers now: a question chosen after the pad opened may narrow them.</summary>
    public async Task<IReadOnlyList<PadLanguage>> Languages()
    {
        var (caller, _) = await PadOpenAsync();
        var material = await MaterialAsync(caller.InterviewId, Context.ConnectionAborted);
        var question = await CurrentQuestionAsync(caller.InterviewId, material);
        return PadLanguages.Allowed(material, question);
    }

    public async Task<PadLanguageSwitched> SwitchLanguage(string language)
    {
        var (caller, _) = await PadActingAsync();
        var interviewId = caller.InterviewId;
        var person = caller.Member;
        var material = await MaterialAsync(interviewId, Context.ConnectionAborted);
        using (await pads.LockAsync(interviewId, Context.ConnectionAborted))
        {
            var question = await CurrentQuestionAsync(interviewId, material);
            var allowed = PadLanguages.Allowed(material, question);
            if (!allowed.Any(l => l.Id == language))
            {
                throw new HubException($"This interview's pad offers {string.Join(", ", allowed.Select(l => l.Label))}.");
            }

            var pad = await pads.GetAsync(interviewId, log, Context.ConnectionAborted);
            if (LanguageOf(interviewId, material) != language)
            {
                await log.AppendAsync(interviewId, new PadLanguageChanged(language, person.Name), person.Role, person.UserId, Context.ConnectionAborted);
                pads.SetLanguage(interviewId, language);
                await Clients.Group(Pad(interviewId)).LanguageSwitched(new PadLanguageView(language, PadLanguages.LabelOf(language), person.Name));
            }

            if (question?.Candidate.StarterCode.GetValueOrDefault(language) is not { } starter)
            {
                return new PadLanguageSwitched(language, false, false);
            }

            var text = pad.Snapshot().Text;
            if (SameCode(text, starter))
            {
                return new PadLanguageSwitched(language, false, false);
            }

            // Someone's own code is never replaced without asking.
            if (!string.IsNullOrWhiteSpace(text) && !question.Candidate.StarterCode.Values.Any(s => SameCode(text, s)))
            {
                return new PadLanguageSwitched(language, false, true);
            }

            var loaded = await LoadAsync(pad, starter, person);
            return new PadLanguageSwitched(language, loaded.Accepted, false);
        }
    }

    /// <summary>Replaces the pad with the current question's starter code in the pad's language; the client asks first. The old code stays in the replay.</summary>
    public async Task<PadPushed> LoadStarterCode()
    {
        var (caller, _) = await PadActingAsync();
        var interviewId = caller.InterviewId;
        var material = await MaterialAsync(interviewId, Context.ConnectionAborted);
        using (await pads.LockAsync(interviewId, Context.ConnectionAborted))
        {
            var question = await CurrentQuestionAsync(interviewId, material)
                ?? throw new HubException("No question has been chosen yet, so there is no starter code.");
            var pad = await pads.GetAsync(interviewId, log, Context.ConnectionAborted);
            var language = LanguageOf(interviewId, material);
            var starter = question.Candidate.StarterCode.GetValueOrDefault(language)
                ?? throw new HubException($"This question has no starter code in {PadLanguages.LabelOf(language)}.");
            return SameCode(pad.Snapshot().Text, starter)
                ? new PadPushed(true, pad.Version, null)
                : await LoadAsync(pad, starter, caller.Member);
        }
    }

    /// <summary>Starter code goes in as an ordinary pad update from the server, so it is in the log and every editor applies it like any edit.</summary>
    private Task<PadPushed> LoadAsync(SharedDocument pad, string starter, RoomMember person)
    {
        var snapshot = pad.Snapshot();
        var changes = ChangeSet.Of([new ChangeSpec(0, snapshot.Text.Length, starter)], snapshot.Text.Length);
        return AcceptAsync(pad, SharedDocument.NewClientId(), snapshot.Version, [new PushedUpdate(changes)], person, RoomActor.System);
    }

    private string LanguageOf(Guid interviewId, InterviewMaterial material) => pads.LanguageOf(interviewId) ?? PadLanguages.Default(material);

    /// <summary>The question of the current section as the room's log has it (the last one chosen if that section has none).</summary>
    private async Task<QuestionDocument?> CurrentQuestionAsync(Guid interviewId, InterviewMaterial material)
    {
        var state = await log.StateAsync(interviewId, RoomAudience.Everyone, Context.ConnectionAborted);
        var chosen = state.Chosen.LastOrDefault(c => c.SectionIndex == state.SectionIndex) ?? (state.Chosen.Count > 0 ? state.Chosen[^1] : null);
        return chosen is null ? null : material.Questions.GetValueOrDefault(chosen.QuestionId)?.Question;
    }

    private static bool SameCode(string a, string b) =>
        string.Equals(LineEnds(a).TrimEnd(), LineEnds(b).TrimEnd(), StringComparison.Ordinal);

    private static string LineEnds(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}
