using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

namespace Rapport.Rooms.Bench;

/// <summary>An interview to open a room for, and the candidate's link token.</summary>
internal sealed record PlannedRoom(Guid InterviewId, string CandidateToken);

/// <summary>
/// The staff and the interviews, made the way people make them: accounts with the CLI, then an
/// admin signed in through the login form plans every interview over the API with one
/// interviewer, signed in the same way, on each panel.
/// </summary>
internal static partial class Planner
{
    public const string Password = "correct horse battery staple";
    public const string AdminEmail = "admin@bench.example";
    public const string InterviewerEmail = "ivy@bench.example";

    public static IEnumerable<(string Email, string Name, string Role)> Staff =>
        [(AdminEmail, "Bench Admin", "admin"), (InterviewerEmail, "Ivy Interviewer", "interviewer")];

    /// <summary>A signed-in session: its cookies go with the interviewer's hub connections.</summary>
    public static async Task<(HttpClient Http, CookieContainer Cookies)> SignInAsync(Uri server, string email)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = server };
        var page = await http.GetStringAsync("/account/login");
        var token = WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups[1].Value);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "sign-in",
        });
        using var response = await http.PostAsync(new Uri("/account/login", UriKind.Relative), form);
        return response.StatusCode == HttpStatusCode.Redirect
            ? (http, cookies)
            : throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}.");
    }

    public static async Task<List<PlannedRoom>> PlanAsync(HttpClient admin, int count, int concurrency)
    {
        var staff = await admin.GetFromJsonAsync<List<StaffUserResponse>>("/api/users");
        var interviewerId = staff!.Single(s => s.Email == InterviewerEmail).Id;
        var rooms = new PlannedRoom[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                using var response = await admin.PostAsJsonAsync("/api/interviews", new CreateInterviewRequest(
                    $"Candidate {i}", $"candidate{i}@bench.example", "Software Engineer", TimeProvider.System.GetUtcNow().AddDays(1), 60, [interviewerId]));
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"Planning interview {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                var planned = (await response.Content.ReadFromJsonAsync<PlannedInterviewResponse>())!;
                var url = planned.CandidateLink.Url;
                rooms[i] = new PlannedRoom(planned.Interview.Id, url[(url.LastIndexOf('/') + 1)..]);
            }
        }));
        return [.. rooms];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
