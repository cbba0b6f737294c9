using System.Net;
using System.Net.Http.Json;
using Rapport.Features.Accounts;
using Rapport.Features.Candidates;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Security;

/// <summary>Who calls. Interview A is the one under test; B is someone else's.</summary>
[Flags]
public enum Caller
{
    None = 0,
    Anonymous = 1,
    CandidateOfA = 2,
    CandidateOfB = 4,
    InterviewerNotOnA = 8,
    InterviewerOnA = 16,
    Coordinator = 32,
    Admin = 64,
}

/// <summary>
/// How one endpoint may be reached. <see cref="AllowedStatus"/> is what an allowed caller must
/// get when it is not simply "2xx, or a redirect that is not to sign-in".
/// </summary>
public sealed record Access(Caller Allowed)
{
    public Func<InterviewWorld, Caller, HttpContent?>? Json { get; init; }

    /// <summary>For a form post: the Blazor form name (null for a minimal-API form) and its fields.</summary>
    public (string? Handler, Func<InterviewWorld, Dictionary<string, string>> Fields)? Form { get; init; }

    public HttpStatusCode? AllowedStatus { get; init; }

    /// <summary>A candidate's own view: an allowed candidate must see their own name and never the other candidate's.</summary>
    public bool ShowsCallersOwnInterview { get; init; }

    /// <summary>For an endpoint that takes any method: the methods to try (default GET and POST).</summary>
    public IReadOnlyList<string>? Verbs { get; init; }

    /// <summary>Runs once before the callers, for endpoints that need something in place (a survey that is open).</summary>
    public Func<InterviewWorld, Task>? Prepare { get; init; }
}

/// <summary>Who may invoke one hub method, and the arguments to invoke it with (about interview A).</summary>
public sealed record HubAccess(Caller Allowed, Func<InterviewWorld, object?[]> Args)
{
    /// <summary>Runs once before the callers, for methods that need something in place (code in the pad).</summary>
    public Func<InterviewWorld, Task>? Prepare { get; init; }

    /// <summary>Runs after each caller, for methods whose work goes on in the background (a run).</summary>
    public Func<InterviewWorld, Task>? Settle { get; init; }

    /// <summary>
    /// For the pad's methods: each caller's connection, having tried to join the room, tries to open
    /// its pad, and the call's arguments come from what opening returned (null for a caller refused
    /// it), so an allowed caller works on the pad as it is and a refused one is asked with the same
    /// shape. A candidate's connection opens their own interview's pad: no argument names another.
    /// </summary>
    public Func<PadOpened?, object?[]>? OnPad { get; init; }

    /// <summary>What an allowed call must return, when not refusing is not enough (an edit accepted): null when it did, else why not.</summary>
    public Func<System.Text.Json.JsonElement, string?>? Returns { get; init; }
}

/// <summary>
/// The declared matrix: every endpoint and hub method Rapport maps, with the callers allowed to
/// reach it. <see cref="AuthorizationMatrixTests"/> fails when the app maps something missing
/// here, or when a caller gets more (or less) than declared.
/// </summary>
public static class AuthorizationMatrix
{
    public const Caller Everyone = Caller.Anonymous | Caller.CandidateOfA | Caller.CandidateOfB | Staff;
    public const Caller Candidates = Caller.CandidateOfA | Caller.CandidateOfB;
    public const Caller Staff = Caller.InterviewerNotOnA | Caller.InterviewerOnA | Caller.Coordinator | Caller.Admin;
    public const Caller PanelOfA = Caller.InterviewerOnA | Caller.Coordinator | Caller.Admin;
    public const Caller Coordinators = Caller.Coordinator | Caller.Admin;

    /// <summary>Static files (stylesheet, script, framework script) are public by nature; one row covers them.</summary>
    public const string StaticAssets = "static assets";

    public static readonly IReadOnlyDictionary<string, Access> Http = new Dictionary<string, Access>
    {
        [StaticAssets] = new(Everyone),
        ["ANY /healthz"] = new(Everyone),
        ["GET /openapi/{documentName}.json"] = new(Everyone),
        ["GET /_framework/opaque-redirect"] = new(Everyone) { AllowedStatus = HttpStatusCode.BadRequest },
        ["POST /preferences/theme"] = new(Everyone) { Form = (null, _ => new() { ["theme"] = "dark", ["returnUrl"] = "/account/login" }) },
        ["POST /preferences/display"] = new(Everyone) { Form = (null, _ => new() { ["textSize"] = "large", ["contrast"] = "high", ["motion"] = "reduced", ["returnUrl"] = "/" }) },

        // Accounts
        ["GET /account/login"] = new(Everyone),
        ["POST /account/login"] = new(Everyone)
        {
            Form = ("sign-in", _ => new() { ["Input.Email"] = "nobody@example.com", ["Input.Password"] = "not the password" }),
            AllowedStatus = HttpStatusCode.Unauthorized,
        },
        ["GET /account/welcome"] = new(Everyone) { AllowedStatus = HttpStatusCode.BadRequest },
        ["POST /account/welcome"] = new(Everyone)
        {
            Form = ("choose-password", _ => new() { ["Input.Password"] = "a long enough passphrase", ["Input.Confirmation"] = "a long enough passphrase" }),
            AllowedStatus = HttpStatusCode.BadRequest,
        },
        ["GET /account/access-denied"] = new(Everyone),
        ["POST /account/logout"] = new(Staff) { Form = (null, _ => []) },
        ["GET /users"] = new(Caller.Admin),
        ["POST /users"] = new(Caller.Admin)
        {
            Form = ("invite", _ => new() { ["Input.Email"] = "page.invite@example.com", ["Input.DisplayName"] = "Page Invite", ["Input.Role"] = StaffRoles.Interviewer }),
        },
        ["GET /api/users/"] = new(Caller.Admin),
        ["POST /api/users/"] = new(Caller.Admin)
        {
            Json = (_, caller) => JsonContent.Create(new InviteStaffRequest($"{caller}@invite.example.com", $"Invited by {caller}", StaffRoles.Interviewer)),
        },
        ["POST /api/users/{id}/sign-in-link"] = new(Caller.Admin) { Json = (_, _) => JsonContent.Create(new { }) },

        // Interviews
        ["GET /"] = new(Staff),
        ["GET /interviews/new"] = new(Coordinators),
        ["POST /interviews/new"] = new(Coordinators)
        {
            Form = ("plan-interview", world => new()
            {
                ["Input.CandidateName"] = "Page Candidate",
                ["Input.CandidateEmail"] = "page.candidate@example.org",
                ["Input.Role"] = "ML Engineer",
                ["Input.Date"] = world.App.Time.GetUtcNow().AddDays(5).ToString("yyyy-MM-dd"),
                ["Input.Time"] = "10:00",
                ["Input.TimeZone"] = "UTC",
                ["Input.DurationMinutes"] = "60",
                ["interviewer"] = world.InterviewerOnA.Id,
            }),
        },
        ["GET /interviews/{Id:guid}"] = new(PanelOfA),
        ["POST /interviews/{Id:guid}"] = new(Coordinators) { Form = ("issue-link", _ => []) },
        ["GET /api/interviews/"] = new(Staff),
        ["POST /api/interviews/"] = new(Coordinators)
        {
            Json = (world, caller) => JsonContent.Create(InterviewWorld.Request(world.App, $"Candidate via {caller}", "api.candidate@example.org", world.InterviewerOnA)),
        },
        ["GET /api/interviews/{id:guid}"] = new(PanelOfA),
        ["POST /api/interviews/{id:guid}/candidate-link"] = new(Coordinators) { Json = (_, _) => JsonContent.Create(new { }) },
        ["DELETE /api/interviews/{id:guid}/candidate-link"] = new(Coordinators),
        ["PUT /api/interviews/{id:guid}/accommodation"] = new(Coordinators) { Json = (_, _) => JsonContent.Create(new AccommodationRequest(25)) },
        // Each allowed caller asks for a change the previous one did not make already (a new time, another panel).
        ["PUT /api/interviews/{id:guid}/schedule"] = new(Coordinators)
        {
            Json = (w, caller) => JsonContent.Create(new RescheduleRequest(w.App.Time.GetUtcNow().AddDays(3).AddHours((int)caller))),
        },
        ["PUT /api/interviews/{id:guid}/panel"] = new(Coordinators)
        {
            Json = (w, caller) => JsonContent.Create(new PanelRequest(caller == Caller.Admin ? [w.InterviewerOnA.Id] : [w.InterviewerOnA.Id, w.InterviewerOnB.Id])),
        },
        ["POST /api/interviews/{id:guid}/cancel"] = new(Coordinators) { Json = (_, _) => JsonContent.Create(new CancelRequest("The role was filled.")) },
        ["GET /api/interviews/{id:guid}/changes"] = new(PanelOfA),

        // Scorecards: only the panel has one, once the interview happened; the loop's scorecards
        // under the independence rule (IndependenceTests say what each caller sees and when).
        ["GET /api/interviews/{id:guid}/scorecard"] = new(Caller.InterviewerOnA) { Prepare = w => Scorecards.ScorecardSteps.InterviewAsync(w) },
        ["PUT /api/interviews/{id:guid}/scorecard/draft"] = new(Caller.InterviewerOnA)
        {
            Prepare = w => Scorecards.ScorecardSteps.InterviewAsync(w),
            Json = (_, _) => JsonContent.Create(new Rapport.Features.Scorecards.SaveScorecardDraftRequest(Scorecards.ScorecardSteps.Complete(), 0)),
        },
        ["POST /api/interviews/{id:guid}/scorecard/submit"] = new(Caller.InterviewerOnA)
        {
            Prepare = w => Scorecards.ScorecardSteps.InterviewAsync(w),
            Json = (_, _) => JsonContent.Create(new Rapport.Features.Scorecards.SubmitScorecardRequest(Scorecards.ScorecardSteps.Complete())),
        },
        ["POST /api/interviews/{id:guid}/scorecard/amend"] = new(Caller.InterviewerOnA)
        {
            Prepare = InterviewedAndSubmitted,
            Json = (_, _) => JsonContent.Create(new Rapport.Features.Scorecards.AmendScorecardRequest(Scorecards.ScorecardSteps.Complete(level: 4), "The replay shows more.")),
        },
        // The page: the same scorecard, for the same one person; a post from anyone else is not found.
        ["GET /interviews/{Id:guid}/scorecard"] = new(Caller.InterviewerOnA) { Prepare = w => Scorecards.ScorecardSteps.InterviewAsync(w) },
        ["POST /interviews/{Id:guid}/scorecard"] = new(Caller.InterviewerOnA)
        {
            Prepare = w => Scorecards.ScorecardSteps.InterviewAsync(w),
            // Save draft: the allowed caller is redirected back to the page (post, redirect, get).
            Form = ("scorecard", _ => new()
            {
                ["ratings[0].question"] = "two-sum",
                ["ratings[0].signal"] = "problem-solving",
                ["ratings[0].level"] = "3",
                ["ratings[0].evidence"] = Scorecards.ScorecardSteps.Evidence,
                ["action"] = "save",
                ["version"] = "0",
            }),
        },
        ["GET /api/loops/{id:guid}/scorecards"] = new(Caller.InterviewerOnA | Coordinators) { Prepare = InterviewedAndSubmitted },

        // Report cards: the panel member's own once their scorecard is in; admins every panel member's (ReportCardAccessTests).
        ["GET /api/interviews/{id:guid}/report-card"] = new(Caller.InterviewerOnA | Caller.Admin) { Prepare = InterviewedAndSubmitted },
        ["GET /interviews/{Id:guid}/report-card"] = new(Caller.InterviewerOnA | Caller.Admin) { Prepare = InterviewedAndSubmitted },
        // Coaching pages: everyone on the staff their own; someone else's (interview A's interviewer here) for admins only.
        ["GET /coaching"] = new(Staff) { Prepare = InterviewedAndSubmitted },
        ["GET /coaching/{UserId}"] = new(Caller.Admin) { Prepare = InterviewedAndSubmitted },
        // Calibration sessions: listed for everyone on the staff (admins all, others their own), created by admins;
        // a session (interview A's, scored by its interviewer and the coordinator) opens to its members and admins,
        // and takes a score from a member who has not scored yet.
        ["GET /coaching/sessions"] = new(Staff),
        ["POST /coaching/sessions"] = new(Caller.Admin)
        {
            Prepare = w => Scorecards.ScorecardSteps.InterviewAsync(w),
            // One member: the admin gets past every check but the form's own, which asks for two (a form here posts each field once).
            Form = ("new-session", w => new() { ["title"] = "Practice", ["interviewId"] = w.InterviewA.Interview.Id.ToString(), ["members"] = w.InterviewerOnA.Id }),
            AllowedStatus = System.Net.HttpStatusCode.BadRequest,
        },
        ["GET /coaching/sessions/{Id:guid}"] = new(Caller.InterviewerOnA | Caller.Coordinator | Caller.Admin) { Prepare = Coaching.CalibrationSessionSteps.ForMatrixAsync },
        ["POST /coaching/sessions/{Id:guid}"] = new(Caller.InterviewerOnA | Caller.Coordinator)
        {
            Prepare = Coaching.CalibrationSessionSteps.ForMatrixAsync,
            Form = ("calibration-score", _ => Coaching.CalibrationSessionSteps.ScoreForm(3)),
        },
        ["GET /coaching/sessions/{SessionId:guid}/replay"] = new(Caller.InterviewerOnA | Caller.Coordinator | Caller.Admin) { Prepare = Coaching.CalibrationSessionSteps.ForMatrixAsync },

        // Candidates and loops: coordinators see every candidate; a loop is also seen by its debrief lead and its panels (others get 404).
        ["GET /candidates"] = new(Coordinators),
        ["GET /candidates/{Id:guid}"] = new(Coordinators),
        ["POST /candidates/{Id:guid}"] = new(Coordinators)
        {
            Form = ("edit-candidate", _ => new() { ["Input.PreferredName"] = "Ally", ["Input.Pronouns"] = "she/her" }),
        },
        ["GET /loops/{Id:guid}"] = new(PanelOfA),
        ["POST /loops/{Id:guid}"] = new(Coordinators) { Form = ("change-lead", w => new() { ["debriefLeadId"] = w.InterviewerOnA.Id }) },
        ["GET /api/candidates/"] = new(Coordinators),
        ["GET /api/candidates/{id:guid}"] = new(Coordinators),
        ["PUT /api/candidates/{id:guid}"] = new(Coordinators) { Json = (_, caller) => JsonContent.Create(new CandidateUpdateRequest($"Ally {caller}", "she/her")) },
        ["GET /api/loops/{id:guid}"] = new(PanelOfA),
        ["PUT /api/loops/{id:guid}/lead"] = new(Coordinators) { Json = (w, _) => JsonContent.Create(new DebriefLeadRequest(w.InterviewerOnA.Id)) },

        // The debrief: the same rule as the loop's scorecards (DebriefTests say what each caller sees
        // before and after); the decision by the debrief lead (here the coordinator who planned it),
        // coordinators and admins; the deadline by coordinators and admins.
        ["GET /api/loops/{id:guid}/debrief"] = new(Caller.InterviewerOnA | Coordinators) { Prepare = InterviewedAndSubmitted },
        ["GET /loops/{Id:guid}/debrief"] = new(Caller.InterviewerOnA | Coordinators) { Prepare = InterviewedAndSubmitted },
        ["POST /api/loops/{id:guid}/decision"] = new(Coordinators)
        {
            Prepare = InterviewedAndSubmitted,
            Json = (_, _) => JsonContent.Create(new Rapport.Features.Debrief.DecisionRequest("hire", "Sound problem solving, seen by the whole panel.")),
        },
        ["POST /loops/{Id:guid}/debrief"] = new(Coordinators)
        {
            Prepare = InterviewedAndSubmitted,
            Form = ("record-decision", _ => new() { ["decision"] = "no-hire", ["rationale"] = "The panel saw too little depth." }),
        },
        ["PUT /api/loops/{id:guid}/deadline"] = new(Coordinators)
        {
            Prepare = w => Scorecards.ScorecardSteps.InterviewAsync(w),
            Json = (w, _) => JsonContent.Create(new Rapport.Features.Debrief.DeadlineRequest(w.App.Time.GetUtcNow().AddDays(1))),
        },
        ["GET /loops/{Id:guid}/packet"] = new(Caller.InterviewerOnA | Coordinators) { Prepare = Decided },

        // Feedback letters: the loop's debrief lead (interview A's coordinator planned it and leads it),
        // coordinators and admins; candidates read their own once sent (FeedbackLetterTests).
        ["GET /loops/{Id:guid}/feedback"] = new(Coordinators) { Prepare = Decided },
        ["POST /loops/{Id:guid}/feedback"] = new(Coordinators)
        {
            Prepare = Decided,
            Form = ("feedback-letter", _ => new() { ["version"] = "0", ["outcome"] = "We would like to offer you the role.", ["feedback"] = "What went well\n\nYou asked good questions.", ["action"] = "save" }),
        },
        ["GET /feedback"] = new(Coordinators),
        ["GET /api/loops/{id:guid}/feedback/"] = new(Coordinators) { Prepare = Decided },
        ["PUT /api/loops/{id:guid}/feedback/"] = new(Coordinators)
        {
            Prepare = Decided,
            // Each allowed caller edits the version the previous one left (a draft starts at 0).
            Json = (_, caller) => JsonContent.Create(new Rapport.Features.Feedback.SaveFeedbackRequest($"Outcome by {caller}.", "Feedback.", caller == Caller.Admin ? 1 : 0)),
        },
        ["POST /api/loops/{id:guid}/feedback/approve"] = new(Coordinators) { Prepare = Decided, Json = (_, _) => JsonContent.Create(new Rapport.Features.Feedback.ApproveFeedbackRequest(null)) },
        ["POST /api/loops/{id:guid}/feedback/send"] = new(Coordinators) { Prepare = DecidedAndApproved, Json = (_, _) => JsonContent.Create(new { }) },
        ["GET /api/candidate/feedback"] = new(Candidates),
        ["GET /c/lost"] = new(Everyone),
        ["POST /c/lost"] = new(Everyone) { Form = ("lost-link", _ => new() { ["email"] = "alice@example.org" }) },

        // Question bank: staff read it, coordinators change it. Candidates never reach it.
        ["GET /bank"] = new(Staff),
        ["GET /bank/questions/{Id}"] = new(Staff),
        ["GET /bank/kits/{Id}"] = new(Staff),
        ["GET /bank/questions/{Id}/versions/{Number:int}"] = new(Staff),
        ["GET /bank/kits/{Id}/versions/{Number:int}"] = new(Staff),
        ["GET /bank/questions/{Id}/edit"] = new(Coordinators),
        ["POST /bank/questions/{Id}/edit"] = new(Coordinators)
        {
            Form = ("edit-bank-document", _ => new() { ["Input.Source"] = Questions.BankFiles.Question, ["Input.Action"] = "save" }),
        },
        ["GET /bank/kits/{Id}/edit"] = new(Coordinators),
        ["POST /bank/kits/{Id}/edit"] = new(Coordinators)
        {
            Form = ("edit-bank-document", _ => new() { ["Input.Source"] = Questions.BankFiles.Kit, ["Input.Action"] = "check" }),
        },
        ["GET /api/bank/questions"] = new(Staff),
        ["GET /api/bank/questions/{id}"] = new(Staff),
        ["GET /api/bank/kits"] = new(Staff),
        ["GET /runs"] = new(Caller.Admin),

        // The audit log: admins only; nothing maps a way to change or remove an entry.
        ["GET /audit"] = new(Caller.Admin),
        ["GET /api/audit"] = new(Caller.Admin),

        // Mail: coordinators answer for what was sent to candidates; interviewers and candidates never read the outbox.
        ["GET /mail"] = new(Coordinators),
        ["GET /api/mail/"] = new(Coordinators),

        // Insights: hiring managers see everything, groups included; every staff member sees only their own report.
        ["GET /insights"] = new(Coordinators),
        ["GET /insights/me"] = new(Staff),
        ["GET /insights/import"] = new(Coordinators),
        // The matrix posts no file, so an allowed caller gets the page with "choose a file" (400).
        ["POST /insights/import"] = new(Coordinators) { Form = ("import-ratings", _ => []), AllowedStatus = HttpStatusCode.BadRequest },

        // The candidate's side: the link in the path, or as a bearer token for the API.
        ["GET /c/{Token}"] = new(Candidates) { ShowsCallersOwnInterview = true },
        ["GET /c/{Token}/room"] = new(Candidates) { AllowedStatus = HttpStatusCode.OK },
        ["GET /interviews/{Id:guid}/room"] = new(PanelOfA),
        ["GET /interviews/{Id:guid}/replay"] = new(PanelOfA),
        ["GET /api/candidate/interview"] = new(Candidates) { ShowsCallersOwnInterview = true },

        // The candidate's survey: only their own link answers it, once the interview is over.
        ["GET /c/{Token}/survey"] = new(Candidates),
        ["POST /c/{Token}/survey"] = new(Candidates) { Form = ("candidate-survey", _ => new() { ["overall"] = "4" }), Prepare = InterviewsEnded },
        ["GET /api/candidate/survey/"] = new(Candidates),
        ["POST /api/candidate/survey/"] = new(Candidates)
        {
            Json = (_, _) => JsonContent.Create(new Rapport.Features.Survey.SurveyAnswers(null, null, null, false, null, 4, null)),
            Prepare = InterviewsEnded,
        },
        // Figures for coordinators and admins; the free text on it only for admins (SurveyResultsTests).
        ["GET /insights/survey"] = new(Coordinators),

        // The room hub: any staff member or candidate link may connect; each method checks further.
        ["ANY /hubs/room/negotiate"] = new(Staff | Candidates) { Verbs = ["POST"] },
        ["ANY /hubs/room"] = new(Staff | Candidates) { Verbs = ["GET"], AllowedStatus = HttpStatusCode.BadRequest },

        // Error and status pages, reached directly or re-executed.
        ["GET /error"] = new(Everyone),
        // A direct post has no form to submit (400); a re-executed failed post renders the page.
        ["POST /error"] = new(Everyone) { Form = (null, _ => []), AllowedStatus = HttpStatusCode.BadRequest },
        ["GET /not-found"] = new(Everyone),
        ["GET /status/{Code:int}"] = new(Everyone),
        ["POST /status/{Code:int}"] = new(Everyone) { Form = (null, _ => []), AllowedStatus = HttpStatusCode.BadRequest },
    };

    /// <summary>Interview A happened and its only interviewer submitted: the loop's debrief is open.</summary>
    private static async Task InterviewedAndSubmitted(InterviewWorld world)
    {
        await Scorecards.ScorecardSteps.InterviewAsync(world);
        await Scorecards.ScorecardSteps.SubmitAsync(await world.App.SignedInClientAsync(world.InterviewerOnA), world.InterviewA.Interview.Id, Scorecards.ScorecardSteps.Complete());
    }

    /// <summary>Interview A happened, was scored, and its loop decided no hire: its letter can be drafted.</summary>
    private static Task Decided(InterviewWorld world) => Feedback.FeedbackSteps.DecidedAsync(world);

    private static async Task DecidedAndApproved(InterviewWorld world)
    {
        await Feedback.FeedbackSteps.DecidedAsync(world);
        var lead = await world.App.SignedInClientAsync(world.Coordinator);
        await Feedback.FeedbackSteps.OpenAsync(lead, world);
        await Feedback.FeedbackSteps.ActAsync(lead, world, "approve", new Rapport.Features.Feedback.ApproveFeedbackRequest(null));
    }

    /// <summary>Moves the clock past the end of interviews A and B (planned two days ahead), well before their links expire.</summary>
    private static Task InterviewsEnded(InterviewWorld world)
    {
        world.App.Time.Advance(TimeSpan.FromDays(3));
        return Task.CompletedTask;
    }

    /// <summary>"Hub.Method" → callers, each invoked as every caller by <see cref="AuthorizationMatrixTests"/>.</summary>
    public static readonly IReadOnlyDictionary<string, HubAccess> HubMethods = new Dictionary<string, HubAccess>
    {
        ["RoomHub.JoinAsCandidate"] = new(Candidates, _ => []),
        ["RoomHub.JoinAsInterviewer"] = new(PanelOfA, w => [w.InterviewA.Interview.Id]),
        ["RoomHub.MoveToSection"] = new(PanelOfA, w => [w.InterviewA.Interview.Id, 1]),
        ["RoomHub.ChooseQuestion"] = new(PanelOfA, w => [w.InterviewA.Interview.Id, 1, "two-sum"]),
        ["RoomHub.RevealHint"] = new(PanelOfA, w => [w.InterviewA.Interview.Id, "two-sum", 1]),
        ["RoomHub.AddNote"] = new(PanelOfA, w => [w.InterviewA.Interview.Id, "a note", null]),
        ["RoomHub.EndInterview"] = new(PanelOfA, w => [w.InterviewA.Interview.Id]),
        ["RoomHub.DismissNudge"] = new(PanelOfA, w => [w.InterviewA.Interview.Id, Coaching.NudgeSteps.KeyShownIn(w)]) { Prepare = Coaching.NudgeSteps.SectionOverAsync },
        ["RoomHub.RecordFact"] = new(Candidates, _ => ["tab-hidden", "for 3 seconds"]),
        ["RoomHub.MyPart"] = new(PanelOfA, w => [w.InterviewA.Interview.Id]),
        // Only an interviewer of the panel takes the lead from a trainee, and only they hand it back:
        // staff who are not on the panel watch a reverse-shadowed interview.
        ["RoomHub.TakeTheLead"] = new(Caller.InterviewerOnA, w => [w.InterviewA.Interview.Id]) { Prepare = Rooms.ShadowSteps.ReverseShadowedAsync },
        ["RoomHub.HandBackTheLead"] = new(Caller.InterviewerOnA, w => [w.InterviewA.Interview.Id]) { Prepare = Rooms.ShadowSteps.LeadTakenAsync },
        ["RoomHub.Run"] = new(PanelOfA, w => [w.InterviewA.Interview.Id, "python", null])
        {
            Prepare = w => Rooms.RoomTestSteps.WritePadAsync(w.App, w.TokenA, "print('hi')"),
            Settle = w => Rooms.RoomTestSteps.RunsSettledAsync(w.App, w.InterviewA.Interview.Id),
        },
        ["RoomHub.RunAsCandidate"] = new(Candidates, _ => ["python", null])
        {
            Prepare = async w =>
            {
                await Rooms.RoomTestSteps.WritePadAsync(w.App, w.TokenA, "print('hi')");
                await Rooms.RoomTestSteps.WritePadAsync(w.App, w.TokenB, "print('hi')");
            },
            Settle = async w =>
            {
                await Rooms.RoomTestSteps.RunsSettledAsync(w.App, w.InterviewA.Interview.Id);
                await Rooms.RoomTestSteps.RunsSettledAsync(w.App, w.InterviewB.Interview.Id);
            },
        },
        // Everything else works in the room the connection joined (each caller first tries to join:
        // a candidate their own interview's room, staff interview A's), and the pad's methods on the
        // pad opened there: only those admitted may then use it.
        ["RoomHub.OpenPad"] = new(PanelOfA | Candidates, _ => []),
        ["RoomHub.WhoIsHere"] = new(PanelOfA | Candidates, _ => []),
        ["RoomHub.Push"] = new(PanelOfA | Candidates, _ => [])
        {
            OnPad = opened => [opened?.Version ?? 0, new[] { AppendX(opened?.Text.Length ?? 0) }],
            Returns = pushed => pushed.GetProperty("accepted").GetBoolean() ? null : $"the edit was not accepted: {pushed}",
        },
        ["RoomHub.Pull"] = new(PanelOfA | Candidates, _ => []) { OnPad = opened => [opened?.Version ?? 0] },
        ["RoomHub.MoveCursor"] = new(PanelOfA | Candidates, _ => []) { OnPad = opened => [opened?.Version ?? 0, 0, 0] },
        ["RoomHub.SwitchLanguage"] = new(PanelOfA | Candidates, _ => []) { OnPad = _ => ["python"] },
        ["RoomHub.Languages"] = new(PanelOfA | Candidates, _ => []) { OnPad = _ => [] },
        ["RoomHub.LoadStarterCode"] = new(PanelOfA | Candidates, _ => [])
        {
            // Starter code comes with a question: each panel chooses one first.
            Prepare = async w =>
            {
                await Rooms.RoomTestSteps.ChooseTwoSumAsync(w.App, w);
                await Rooms.RoomTestSteps.ChooseTwoSumAsync(w.App, w, inB: true);
            },
            OnPad = _ => [],
            Returns = loaded => loaded.GetProperty("accepted").GetBoolean() ? null : $"the starter code was not loaded: {loaded}",
        },
    };

    /// <summary>An edit typing "x" at the end of a pad of <paramref name="length"/> characters, as @codemirror/state writes it.</summary>
    private static System.Text.Json.JsonElement AppendX(int length) =>
        System.Text.Json.JsonDocument.Parse(length == 0 ? "[[0,\"x\"]]" : $"[{length},[0,\"x\"]]").RootElement;
}
