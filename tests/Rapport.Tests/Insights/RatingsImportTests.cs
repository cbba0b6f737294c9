using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Insights;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Insights;

public sealed class RatingsImportTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    private const string TwoInterviews = $"""
        {RatingsFiles.Header}
        int-1,c-1,ana,two-sum,problem_solving,3,2025-03-14T10:30:00.1234567Z,prefers not to say
        int-1,c-1,ana,two-sum,communication,4,2025-03-14T10:30:00.1234567Z,prefers not to say
        int-2,c-2,ben,"design, part 2",problem_solving,2,2025-03-15T14:05:00+01:00,
        """;

    private static Task<RatingsImportOutcome> ImportAsync(RapportTestApp app, string csv) =>
        app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().ImportAsync(new StringReader(csv), "export.csv", "Ada", CancellationToken.None));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_StoresTheRatings_AndTheGroupsInTheirOwnTable(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);

        var outcome = await ImportAsync(app, TwoInterviews);

        Assert.Equal(new RatingsImportOutcome([], 0, 3, 0, 1), outcome);
        var stored = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().StoredRatings.OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(["problem_solving", "communication", "problem_solving"], stored.Select(r => r.Signal));
        Assert.Equal("design, part 2", stored[2].QuestionKey);
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 13, 5, 0, TimeSpan.Zero), stored[2].RatedAt);
        var groups = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().CandidateSelfIdentifications.ToListAsync());
        Assert.Equal(("c-1", "prefers not to say"), (Assert.Single(groups).CandidateKey, groups[0].Group));
        // The stored ratings carry no trace of the group: the model's input cannot see it.
        Assert.DoesNotContain(typeof(StoredRating).GetProperties(), p => p.Name.Contains("Group", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportingTheSameFileAgain_AddsNothing_AndAnOverlappingExportAddsOnlyWhatIsNew(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        await ImportAsync(app, TwoInterviews);

        var again = await ImportAsync(app, TwoInterviews);
        var overlapping = await ImportAsync(app, TwoInterviews + "\nint-3,c-3,ana,two-sum,problem_solving,1,2025-03-16,\n");

        Assert.Equal(new RatingsImportOutcome([], 0, 0, 3, 0), again);
        Assert.Equal(new RatingsImportOutcome([], 0, 1, 3, 0), overlapping);
        Assert.Equal(4, await app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().CountAsync(CancellationToken.None)));
        Assert.Equal(2, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().RatingBatches.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportThatContradictsStoredRatings_StoresNothing_AndNamesEachLine(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        await ImportAsync(app, TwoInterviews);
        var contradicting = $"""
            {RatingsFiles.Header}
            int-4,c-4,cy,two-sum,problem_solving,4,2025-03-17,
            int-1,c-1,ana,two-sum,problem_solving,2,2025-03-14T10:30:00.1234567Z,
            int-2,c-9,ben,two-sum,problem_solving,2,2025-03-15,
            int-5,c-1,cy,two-sum,problem_solving,3,2025-03-18,another group
            """;

        var outcome = await ImportAsync(app, contradicting);

        // A group conflict is reported on the candidate's first row in the file.
        Assert.Equal(
            [(3, "rating"), (4, "candidate_id"), (3, "candidate_group")],
            outcome.Problems.Select(p => (p.Line, p.Column!)));
        Assert.Contains("already has a stored rating of 'problem_solving' on 'two-sum' in interview 'int-1': 3", outcome.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(3, await app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().CountAsync(CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportWithABadRow_StoresNothing(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);

        var outcome = await ImportAsync(app, TwoInterviews + "\nint-3,c-3,ana,two-sum,problem_solving,five,2025-03-16,\n");

        Assert.Equal((5, "rating"), (Assert.Single(outcome.Problems).Line, outcome.Problems[0].Column));
        Assert.Equal(0, await app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().CountAsync(CancellationToken.None)));
        Assert.Equal(0, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().CandidateSelfIdentifications.CountAsync()));
    }
}
