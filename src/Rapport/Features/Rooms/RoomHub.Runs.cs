using Microsoft.AspNetCore.SignalR;

namespace Rapport.Features.Rooms;

/// <summary>Run: the pad's code, or a question's tests against it, in the sandbox; everyone in the room sees the output.</summary>
public sealed partial class RoomHub
{
    /// <summary>The candidate runs the pad's code, or with <paramref name="testsOf"/> that question's tests against it.</summary>
    public Task<RunStartedView> RunAsCandidate(string language, string? testsOf) =>
        StartRunAsync(CandidateCaller(), language, testsOf);

    public async Task<RunStartedView> Run(Guid interviewId, string language, string? testsOf) =>
        await StartRunAsync(await ActingAsync(interviewId), language, testsOf);

    private async Task<RunStartedView> StartRunAsync(RoomCaller caller, string language, string? testsOf)
    {
        var ct = Context.ConnectionAborted;
        var interviewId = caller.InterviewId;
        var availability = await sandbox.AvailabilityAsync(ct);
        if (!availability.Available)
        {
            throw new HubException(availability.Message);
        }

        var material = await MaterialAsync(interviewId, ct);
        var runnable = RunnableLanguages.Of(material.Kit, await sandbox.LanguagesAsync(ct));
        if (!runnable.Any(l => l.Id == language))
        {
            throw new HubException(runnable.Count == 0
                ? "None of this interview's languages can be run on this server; you can still write and discuss code."
                : $"'{language}' cannot be run in this interview. Choose one of: {string.Join(", ", runnable.Select(l => l.DisplayName))}.");
        }

        PinnedQuestion? tests = null;
        if (testsOf is not null)
        {
            if (!material.Questions.TryGetValue(testsOf, out tests) || tests.Question.Interviewer.Tests is not { } questionTests)
            {
                throw new HubException("That question has no tests to run.");
            }

            // A candidate runs the tests of questions they have been given, not of the section's other alternatives.
            if (caller.Member.Role == RoomActor.Candidate && !(await log.StateAsync(interviewId, RoomAudience.Everyone, ct)).Chosen.Any(c => c.QuestionId == testsOf))
            {
                throw new HubException("That question has no tests to run.");
            }

            if (questionTests.Language != language)
            {
                throw new HubException($"This question's tests call {RunnableLanguages.Name(questionTests.Language, runnable)} code; switch the pad to {RunnableLanguages.Name(questionTests.Language, runnable)} to run them.");
            }
        }

        var pad = (await pads.ReadAsync(interviewId, log, ct)).Snapshot();
        if (string.IsNullOrWhiteSpace(pad.Text))
        {
            throw new HubException("The pad is empty: write some code first, then press Run.");
        }

        var member = caller.Member;
        return await runs.StartAsync(new RoomRuns.Press(interviewId, member.Role, member.UserId, member.Name, language, pad, testsOf, tests), log, ct);
    }
}
