using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Insights;
using Rapport.Stats.Ratings;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Insights;

/// <summary>Ratings are history, analyses read current ratings; scorecards stage theirs; an export imported elsewhere calibrates the same.</summary>
public sealed class RatingsHistoryTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    private static readonly DateTimeOffset Submitted = new(2025, 6, 2, 16, 45, 12, 345, TimeSpan.FromHours(2));

    private static ScorecardRatings Scorecard(string interview, string candidate, string interviewer, DateTimeOffset at, params (string Question, string Signal, int Level)[] levels) =>
        new("scorecard", interview, candidate, interviewer, at, [.. levels.Select(l => new ScorecardLevel(l.Question, l.Signal, l.Level))]);

    private static Task<RatingsImportOutcome> ImportAsync(RapportTestApp app, string csv) =>
        app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().ImportAsync(new StringReader(csv), "export.csv", "Ada", CancellationToken.None));

    private static Task<StagedScorecardRatings> StageAndSaveAsync(RapportTestApp app, ScorecardRatings scorecard) =>
        app.InScopeAsync(async s =>
        {
            var staged = await s.GetRequiredService<RatingsLibrary>().StageScorecardRatingsAsync(scorecard, CancellationToken.None);
            await s.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return staged;
        });

    private static Task<string> ExportAsync(RapportTestApp app) =>
        app.InScopeAsync(async s =>
        {
            var writer = new StringWriter();
            var outcome = await s.GetRequiredService<RatingsLibrary>().ExportAsync(writer, CancellationToken.None);
            Assert.True(outcome.Succeeded, string.Join('\n', outcome.Problems));
            return writer.ToString();
        });

    private static Task<List<Rating>> CurrentAsync(RapportTestApp app) =>
        app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().LoadCurrentAsync(CancellationToken.None));

    /// <summary>The report the Insights page shows hiring managers, as JSON.</summary>
    private static async Task<string> InsightsReportAsync(RapportTestApp app)
    {
        var view = await app.InScopeAsync(s => s.GetRequiredService<InsightsBoard>().ForHiringManagersAsync(CancellationToken.None));
        Assert.NotNull(view.Report);
        return JsonSerializer.Serialize(view.Report, ReportJson.Options);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExportOfCurrentRatings_ImportedIntoAnEmptyDatabase_GivesTheSameCalibrationReport(string provider)
    {
        await using var first = await RapportTestApp.StartAsync(provider);
        Assert.Equal(488, (await ImportAsync(first, RatingsFiles.FourFifthsExample())).Added);
        // An amendment (one level changed, one withdrawn) and a new scorecard: the export must carry what is current, not the history.
        var amended = await StageAndSaveAsync(first, Scorecard("int-0-0", "cand-0", "ana", Submitted, ("two-sum", "problem_solving", 1)));
        await StageAndSaveAsync(first, Scorecard("int-0-9", "cand-0", "fay", Submitted.AddMinutes(5), ("lru-cache", "problem_solving", 2), ("lru-cache", "communication", 4)));
        Assert.Equal((1, 2, 1), (amended.Added, amended.Superseded, amended.Withdrawn));

        var export = await ExportAsync(first);
        await using var second = await RapportTestApp.StartAsync(provider);
        var imported = await ImportAsync(second, export);

        Assert.True(imported.Succeeded, string.Join('\n', imported.Problems));
        Assert.Equal((489, 122), (imported.Added, imported.GroupsRecorded));
        var report = await InsightsReportAsync(first);
        Assert.Equal(report, await InsightsReportAsync(second));
        Assert.Equal(export, await ExportAsync(second));
        Assert.Equal(await CurrentAsync(first), await CurrentAsync(second));
        // The file on its own, calibrated as 'rapport calibrate' does, gives the same report too.
        var read = RatingsCsv.Read(new StringReader(export));
        Assert.Equal(report, JsonSerializer.Serialize(Calibration.Run(read.Ratings!, read.Groups, new CalibrationSettings(InsightsBoard.Bar, Environment.ProcessorCount)), ReportJson.Options));
        // And the amendment is in it: cand-0's raw average counts the new 1, not the old 3 or the withdrawn rating.
        using var json = JsonDocument.Parse(report);
        var cand0 = json.RootElement.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "cand-0").GetProperty("raw");
        Assert.Equal((5, 3), (cand0.GetProperty("ratings").GetInt32(), cand0.GetProperty("interviews").GetInt32()));
        Assert.Equal((1 + 4 + 3 + 2 + 4) / 5.0, cand0.GetProperty("average").GetDouble(), 12);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task HostileIds_SurviveExportAndImport_ThroughTheDatabase(string provider)
    {
        string[] ids = ["design, part 2", "say \"hi\"", "two\nlines", "crlf\r\ninside", "👩🏽‍💻 emoji", "עברית \u202Eoverride", "e\u0301", "zero\u200Bwidth", "=HYPERLINK(\"x\")", "\uFEFFbom"];
        var csv = new System.Text.StringBuilder(RatingsFiles.Header).Append('\n');
        for (var n = 0; n < ids.Length; n++)
        {
            var quoted = $"\"{ids[n].Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            csv.Append(CultureInfo.InvariantCulture, $"int-{n},{quoted},{quoted},{quoted},{quoted},{1 + (n % 4)},2025-03-{n + 1:00}T10:00:00.5Z,{quoted}\n");
        }

        await using var first = await RapportTestApp.StartAsync(provider);
        Assert.True((await ImportAsync(first, csv.ToString())).Succeeded);
        // A scorecard's keys take the same path.
        await StageAndSaveAsync(first, Scorecard("int \"x\",\n y", "cand ✓", "ana@example.com", Submitted, ("q, \"1\"", "sig\nnal", 3)));

        var export = await ExportAsync(first);
        await using var second = await RapportTestApp.StartAsync(provider);
        var imported = await ImportAsync(second, export);

        Assert.True(imported.Succeeded, string.Join('\n', imported.Problems));
        var current = await CurrentAsync(second);
        Assert.Equal(await CurrentAsync(first), current);
        Assert.Equal(ids.Length + 1, current.Count);
        Assert.Superset(ids.ToHashSet(), current.Select(r => r.QuestionId).ToHashSet());
        Assert.Contains(current, r => r is { InterviewId: "int \"x\",\n y", CandidateId: "cand ✓", QuestionId: "q, \"1\"", Signal: "sig\nnal", Value: 3 });
        var groups = await second.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().LoadGroupsAsync(CancellationToken.None));
        Assert.All(ids, id => Assert.Equal(id, groups.GroupOf(id)));
        Assert.Equal(export, await ExportAsync(second));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AmendedScorecard_SupersedesTheOldRatings_InTheAnalyses_AndKeepsThemInTheHistory(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var first = await StageAndSaveAsync(app, Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem_solving", 3), ("two-sum", "communication", 4), ("lru", "problem_solving", 2)));
        var amendedAt = Submitted.AddDays(1);
        app.Time.Advance(TimeSpan.FromHours(3));

        var amendment = await app.InScopeAsync(async s =>
        {
            var staged = await s.GetRequiredService<RatingsLibrary>().StageScorecardRatingsAsync(
                Scorecard("int-1", "c-1", "ana", amendedAt, ("two-sum", "problem_solving", 2), ("lru", "problem_solving", 2), ("lru", "communication", 1)),
                CancellationToken.None);
            // Staged, not saved: anyone else still reads the ratings as they were.
            Assert.Equal(
                [("lru", "problem_solving", 2), ("two-sum", "communication", 4), ("two-sum", "problem_solving", 3)],
                (await CurrentAsync(app)).Select(r => (r.QuestionId, r.Signal, r.Value)));
            await s.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return staged;
        });

        Assert.Equal((3, 0, 0, 0), (first.Added, first.Superseded, first.Withdrawn, first.Unchanged));
        Assert.Equal((2, 2, 1, 1), (amendment.Added, amendment.Superseded, amendment.Withdrawn, amendment.Unchanged));
        var current = await CurrentAsync(app);
        Assert.Equal(
            [("lru", "communication", 1, amendedAt), ("lru", "problem_solving", 2, Submitted), ("two-sum", "problem_solving", 2, amendedAt)],
            current.Select(r => (r.QuestionId, r.Signal, r.Value, r.RatedAt)));
        Assert.Equal(3, await app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().CountAsync(CancellationToken.None)));
        Assert.Equal(3, (await app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().LoadAsync(CancellationToken.None)))!.Count);

        var history = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().StoredRatings.Where(r => r.SupersededAt != null).OrderBy(r => r.Signal).ToListAsync());
        Assert.Equal([("two-sum", "communication", 4), ("two-sum", "problem_solving", 3)], history.Select(r => (r.QuestionKey, r.Signal, r.Value)));
        Assert.All(history, r => Assert.Equal((amendment.BatchId, app.Time.GetUtcNow().ToUnixTimeMilliseconds()), (r.SupersededByBatchId, r.SupersededAt!.Value.ToUnixTimeMilliseconds())));
        var batch = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().RatingBatches.SingleAsync(b => b.Id == amendment.BatchId));
        Assert.Equal(("scorecard", "ana", 2, 2), (batch.Source, batch.ImportedBy, batch.RatingCount, batch.SupersededCount));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheDatabase_RefusesTwoCurrentRatingsOfOneSignal_ButKeepsSupersededOnesBesideIt(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var staged = await StageAndSaveAsync(app, Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem_solving", 3)));
        StoredRating Row(int value) => new() { BatchId = staged.BatchId!.Value, InterviewKey = "int-1", CandidateKey = "c-1", InterviewerKey = "ana", QuestionKey = "two-sum", Signal = "problem_solving", Value = value, RatedAt = Submitted.ToUniversalTime() };

        var second = await Record.ExceptionAsync(() => app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.StoredRatings.Add(Row(1));
            return await db.SaveChangesAsync();
        }));
        var historyRows = await app.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var old = Row(2);
            var older = Row(4);
            old.Supersede(staged.BatchId!.Value, Submitted.ToUniversalTime());
            older.Supersede(staged.BatchId!.Value, Submitted.ToUniversalTime());
            db.StoredRatings.AddRange(old, older);
            return await db.SaveChangesAsync();
        });

        // Refused by the unique index itself, not by anything else that could go wrong with the row.
        Assert.IsType<DbUpdateException>(second);
        Assert.Contains(
            provider == TestStorage.Postgres ? "violates unique constraint \"IX_StoredRatings_OneCurrentPerSignal\"" : "UNIQUE constraint failed: StoredRatings.InterviewKey, StoredRatings.InterviewerKey, StoredRatings.QuestionKey, StoredRatings.Signal",
            second.InnerException!.Message,
            StringComparison.Ordinal);
        Assert.Equal(2, historyRows);
        Assert.Equal(3, Assert.Single(await CurrentAsync(app)).Value);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TwoAmendmentsRacing_TheSecondSaveFails_AndNothingOfItIsKept(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        await StageAndSaveAsync(app, Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem_solving", 3), ("two-sum", "communication", 3)));
        await using var one = app.Services.CreateAsyncScope();
        await using var other = app.Services.CreateAsyncScope();
        await using var third = app.Services.CreateAsyncScope();
        await one.ServiceProvider.GetRequiredService<RatingsLibrary>().StageScorecardRatingsAsync(Scorecard("int-1", "c-1", "ana", Submitted.AddHours(1), ("two-sum", "problem_solving", 1), ("two-sum", "communication", 3)), CancellationToken.None);
        // Withdraws the rating the first one replaces: its save is one UPDATE, which only the concurrency check can refuse.
        await other.ServiceProvider.GetRequiredService<RatingsLibrary>().StageScorecardRatingsAsync(Scorecard("int-1", "c-1", "ana", Submitted.AddHours(2), ("two-sum", "communication", 3)), CancellationToken.None);
        // Replaces both: refused by the concurrency check or the unique index, whichever the provider's batch runs first.
        await third.ServiceProvider.GetRequiredService<RatingsLibrary>().StageScorecardRatingsAsync(Scorecard("int-1", "c-1", "ana", Submitted.AddHours(3), ("two-sum", "problem_solving", 4), ("two-sum", "communication", 2)), CancellationToken.None);

        await one.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        var withdrawing = await Record.ExceptionAsync(() => other.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync());
        var replacing = await Record.ExceptionAsync(() => third.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync());

        Assert.IsType<DbUpdateConcurrencyException>(withdrawing);
        Assert.True(
            replacing is DbUpdateConcurrencyException || (replacing is DbUpdateException && replacing.InnerException!.Message.Contains("IX_StoredRatings_OneCurrentPerSignal", StringComparison.Ordinal)),
            replacing?.ToString());
        Assert.Equal([("communication", 3), ("problem_solving", 1)], (await CurrentAsync(app)).Select(r => (r.Signal, r.Value)));
        var history = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().StoredRatings.Where(r => r.SupersededAt != null).ToListAsync());
        Assert.Equal(2, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().RatingBatches.CountAsync()));
        Assert.Equal(3, Assert.Single(history).Value);
        Assert.Equal(3, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().StoredRatings.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StagingTheSameLevelsAgain_ChangesNothing_AndAddsNoBatch(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var scorecard = Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem_solving", 3), ("two-sum", "communication", 4));
        await StageAndSaveAsync(app, scorecard);

        var again = await StageAndSaveAsync(app, scorecard with { SubmittedAt = Submitted.AddDays(2) });

        Assert.Equal(new StagedScorecardRatings(null, 0, 0, 0, 2), again);
        Assert.Equal(1, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().RatingBatches.CountAsync()));
        Assert.All(await CurrentAsync(app), r => Assert.Equal(Submitted, r.RatedAt));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BadScorecard_IsRefusedNamingTheField_AndNothingIsStaged(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        await StageAndSaveAsync(app, Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem_solving", 3)));
        (ScorecardRatings Scorecard, string Message)[] cases =
        [
            (Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem_solving", 5)), "the level 5 of 'problem_solving' on 'two-sum' is outside the scale 1 to 4"),
            (Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem_solving", 0)), "the level 0"),
            (Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem_solving", 2), ("two-sum", "problem_solving", 3)), "Levels[1]: 'problem_solving' on 'two-sum' is given twice"),
            (Scorecard("int-1", "c-1", "ana ", Submitted, ("two-sum", "problem_solving", 2)), "InterviewerKey 'ana ' begins or ends with white space"),
            (Scorecard("int-1", "c-1", "ana", Submitted, ("", "problem_solving", 2)), "Levels[0].QuestionKey '' is empty"),
            (Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem\0solving", 2)), "holds a NUL character"),
            (Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "half \uD800", 2)), "surrogate pair"),
            (Scorecard(new string('i', 201), "c-1", "ana", Submitted, ("two-sum", "problem_solving", 2)), "201 characters long"),
            (Scorecard("int-1", "c-1", "ana", Submitted) with { Source = " " }, "Source names what stored the ratings"),
            (Scorecard("int-1", "c-2", "ben", Submitted, ("two-sum", "problem_solving", 2)), "Interview 'int-1' is stored for candidate 'c-1', not 'c-2'"),
        ];

        foreach (var (scorecard, message) in cases)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var refused = await Record.ExceptionAsync(() => scope.ServiceProvider.GetRequiredService<RatingsLibrary>().StageScorecardRatingsAsync(scorecard, CancellationToken.None));

            Assert.True(refused is ArgumentException or InvalidOperationException, $"{message}: {refused}");
            Assert.Contains(message, refused.Message, StringComparison.Ordinal);
            Assert.False(scope.ServiceProvider.GetRequiredService<AppDbContext>().ChangeTracker.HasChanges(), message);
        }

        Assert.Equal(3, Assert.Single(await CurrentAsync(app)).Value);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportingAnExportOlderThanAnAmendment_IsRefused_NamingTheSupersededAndTheWithdrawnRatings(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var original = $"""
            {RatingsFiles.Header}
            int-1,c-1,ana,two-sum,problem_solving,3,2025-03-14T10:30:00Z,
            int-1,c-1,ana,two-sum,communication,4,2025-03-14T10:30:00Z,
            """;
        await ImportAsync(app, original);
        await StageAndSaveAsync(app, Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem_solving", 1)));

        var again = await ImportAsync(app, original);
        var current = await ImportAsync(app, await ExportAsync(app));

        Assert.Equal([(2, "rating"), (3, "rating")], again.Problems.Select(p => (p.Line, p.Column!)));
        Assert.Contains("This row is the earlier rating that an amendment superseded on", again.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("'ana' withdrew their rating of 'communication' on 'two-sum' in interview 'int-1' in an amendment", again.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal(new RatingsImportOutcome([], 0, 0, 1, 0), current);
        Assert.Equal([1], (await CurrentAsync(app)).Select(r => r.Value));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task InsightsAfterAScorecardIsSaved_IsRecalibrated_FromTheNewRatings(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        await ImportAsync(app, RatingsFiles.FourFifthsExample());
        var before = await InsightsReportAsync(app);
        Assert.Equal(before, await InsightsReportAsync(app));

        await StageAndSaveAsync(app, Scorecard("int-0-0", "cand-0", "ana", Submitted, ("two-sum", "problem_solving", 1), ("two-sum", "communication", 1)));
        var view = await app.InScopeAsync(s => s.GetRequiredService<InsightsBoard>().ForHiringManagersAsync(CancellationToken.None));

        Assert.NotEqual(before, JsonSerializer.Serialize(view.Report, ReportJson.Options));
        var cand0 = view.Report!.Candidates.Single(c => c.Id == "cand-0");
        Assert.Equal((1 + 1 + 4 + 3) / 4.0, cand0.Raw.Average, 12);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Export_OfAStoredValueTheReaderWouldChange_WritesNothing_AndNamesIt(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var staged = await StageAndSaveAsync(app, Scorecard("int-1", "c-1", "ana", Submitted, ("two-sum", "problem_solving", 3)));
        await app.InScopeAsync(s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            db.StoredRatings.Add(new() { BatchId = staged.BatchId!.Value, InterviewKey = "int-2", CandidateKey = "c-2", InterviewerKey = " ben", QuestionKey = "two-sum", Signal = "problem_solving", Value = 2, RatedAt = Submitted.ToUniversalTime() });
            return db.SaveChangesAsync();
        });
        var writer = new StringWriter();

        var outcome = await app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().ExportAsync(writer, CancellationToken.None));

        Assert.False(outcome.Succeeded);
        Assert.Contains("interviewer_id of the rating of 'problem_solving' on 'two-sum' by ' ben' in interview 'int-2' begins or ends with white space", Assert.Single(outcome.Problems), StringComparison.Ordinal);
        Assert.Equal("", writer.ToString());
    }
}
