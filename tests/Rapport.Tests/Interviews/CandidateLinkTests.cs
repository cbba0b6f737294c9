using System.Net;
using System.Net.Http.Json;
using Rapport.Data;
using Rapport.Features.Interviews;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Interviews;

public sealed class CandidateLinkTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CandidateLink_OpensOnlyItsOwnInterviewsCandidateView(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var candidateA = InterviewWorld.CandidateClient(app, world.TokenA);

        var response = await candidateA.GetAsync("/api/candidate/interview");
        var json = await response.Content.ReadAsStringAsync();
        var view = await response.Content.ReadFromJsonAsync<CandidateInterviewResponse>();

        Assert.Equal("Alice Candidate", view!.CandidateName);
        Assert.Equal(["Ada Interviewer"], view.InterviewerNames);
        // Nothing of interview B, no staff emails or ids, not even the candidate's own email.
        Assert.DoesNotContain("Bruno", json, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.com", json, StringComparison.Ordinal);
        Assert.DoesNotContain(world.InterviewerOnA.Id, json, StringComparison.Ordinal);
        Assert.DoesNotContain(world.InterviewA.Interview.Id.ToString(), json, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await candidateA.GetAsync($"/api/interviews/{world.InterviewA.Interview.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await candidateA.GetAsync("/api/interviews")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Database_KeepsAtMostOneActiveLinkPerInterview(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);

        // Two requests that both issued a link at the same moment: the second save must fail.
        var saved = await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.CandidateLinks.Add(new CandidateLink
            {
                Id = Guid.NewGuid(),
                InterviewId = world.InterviewA.Interview.Id,
                TokenHash = CandidateLinks.Hash("another token of the same interview"),
                IssuedAt = app.Time.GetUtcNow(),
                ExpiresAt = app.Time.GetUtcNow().AddDays(1),
            });
            return await s.GetRequiredService<CandidateLinks>().TrySaveAsync(CancellationToken.None);
        });

        Assert.False(saved);
        Assert.Equal(HttpStatusCode.OK, (await InterviewWorld.CandidateClient(app, world.TokenA).GetAsync("/api/candidate/interview")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RevokedLink_NoLongerOpensTheInterview(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var revoke = await coordinator.DeleteAsync($"/api/interviews/{world.InterviewA.Interview.Id}/candidate-link");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await InterviewWorld.CandidateClient(app, world.TokenA).GetAsync("/api/candidate/interview")).StatusCode);
        var page = await app.CreateClient().GetAsync($"/c/{world.TokenA}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("This interview link has been replaced", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await InterviewWorld.CandidateClient(app, world.TokenB).GetAsync("/api/candidate/interview")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RotatedLink_ReplacesTheOldOne(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var coordinator = await app.SignedInClientAsync(world.Coordinator);

        var rotate = await coordinator.PostAsync($"/api/interviews/{world.InterviewA.Interview.Id}/candidate-link", JsonContent.Create(new { }));
        Assert.True(rotate.StatusCode == HttpStatusCode.OK, $"{rotate.StatusCode} {await rotate.Content.ReadAsStringAsync()}");
        var issued = await rotate.Content.ReadFromJsonAsync<CandidateLinkIssuedResponse>();
        var newToken = InterviewWorld.TokenOf(issued!.Url);

        Assert.NotEqual(world.TokenA, newToken);
        var status = await coordinator.GetFromJsonAsync<InterviewResponse>($"/api/interviews/{world.InterviewA.Interview.Id}");
        Assert.Equal("active", status!.CandidateLink.State);
        Assert.Equal(HttpStatusCode.Unauthorized, (await InterviewWorld.CandidateClient(app, world.TokenA).GetAsync("/api/candidate/interview")).StatusCode);
        var view = await InterviewWorld.CandidateClient(app, newToken).GetFromJsonAsync<CandidateInterviewResponse>("/api/candidate/interview");
        Assert.Equal("Alice Candidate", view!.CandidateName);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Link_WorksThroughTheGracePeriodAndExpiresAfter(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var world = await InterviewWorld.CreateAsync(app);
        var end = world.InterviewA.Interview.ScheduledAt.AddMinutes(world.InterviewA.Interview.DurationMinutes);

        app.Time.SetUtcNow(end + TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/c/{world.TokenA}")).StatusCode);

        app.Time.SetUtcNow(end + TimeSpan.FromDays(7));
        var page = await app.CreateClient().GetAsync($"/c/{world.TokenA}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("This interview link has expired", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await InterviewWorld.CandidateClient(app, world.TokenA).GetAsync("/api/candidate/interview")).StatusCode);
    }

    [Fact]
    public async Task TamperedLink_GetsAKindPageAndA404()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var tampered = (world.TokenA[0] == 'A' ? 'B' : 'A') + world.TokenA[1..];

        foreach (var token in new[] { tampered, "short", world.TokenA + "x", new string('%', 43) })
        {
            var page = await app.CreateClient().GetAsync($"/c/{Uri.EscapeDataString(token)}");
            var html = await page.Content.ReadAsStringAsync();
            Assert.True(page.StatusCode == HttpStatusCode.NotFound, $"{token}: {page.StatusCode} {html}");
            Assert.True(html.Contains("We could not open this interview link", StringComparison.Ordinal), $"{token}: {html}");
            Assert.DoesNotContain("Alice", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CandidatePage_ShowsWhatToExpectAndIsNeverCached()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);

        var page = await app.CreateClient().GetAsync($"/c/{world.TokenA}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Hello, Alice Candidate", html, StringComparison.Ordinal);
        Assert.Contains("Hints are normal", html, StringComparison.Ordinal);
        Assert.Contains("Ada Interviewer", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alice@example.org", html, StringComparison.Ordinal);
        Assert.Contains("no-store", page.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(["no-referrer"], page.Headers.GetValues("Referrer-Policy"));
    }
}
