using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Storage;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Questions;

namespace Rapport.Tests.Rooms;

/// <summary>
/// Rooms of interviews that pinned the same bank versions share one parsed copy of their material,
/// and never one of another version: a question edited in the bank after an interview was planned
/// reaches the rooms planned after the edit, and only them.
/// </summary>
public sealed class PinnedMaterialsTests
{
    [Fact]
    public async Task InterviewsPinningTheSameVersions_ShareOneParsedCopy_AndAnEditedQuestionIsNeverShared()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var materials = app.Services.GetRequiredService<PinnedMaterials>();
        var before = materials.Loads;

        var a = await app.InScopeAsync(s => materials.OfAsync(s, world.InterviewA.Interview.Id, CancellationToken.None));
        var b = await app.InScopeAsync(s => materials.OfAsync(s, world.InterviewB.Interview.Id, CancellationToken.None));

        // The oracle: the pins table itself. Both interviews come from one kit of one import.
        Assert.Equal(await PinsAsync(app, world.InterviewA.Interview.Id), await PinsAsync(app, world.InterviewB.Interview.Id));
        Assert.Same(a, b);
        Assert.Equal(1, materials.Loads - before);

        // The question is edited and imported again; an interview planned now pins the new version.
        var edited = BankFiles.Question.Replace("title: Two sum", "title: Two sum, edited", StringComparison.Ordinal);
        Assert.NotEqual(BankFiles.Question, edited);
        var bank = BankCheck.Check([new("questions/two-sum.md", edited), new("kits/screen.yaml", BankFiles.Kit)]).Bank!;
        await app.InScopeAsync(s => s.GetRequiredService<BankLibrary>().ImportAsync(bank, "import", CancellationToken.None));
        var later = await InterviewWorld.PlanFromKitAsync(await app.SignedInClientAsync(world.Coordinator), app, "Carla Candidate", "carla@example.org", world.InterviewerOnA);
        var c = await app.InScopeAsync(s => materials.OfAsync(s, later.Interview.Id, CancellationToken.None));

        Assert.NotEqual(await PinsAsync(app, world.InterviewA.Interview.Id), await PinsAsync(app, later.Interview.Id));
        Assert.NotSame(a, c);
        Assert.Equal("Two sum", a.Questions["two-sum"].Question.Title);
        Assert.Equal("Two sum, edited", c.Questions["two-sum"].Question.Title);
        Assert.Equal(2, materials.Loads - before);

        // Asked again, each interview gets its own version's copy.
        Assert.Same(a, await app.InScopeAsync(s => materials.OfAsync(s, world.InterviewB.Interview.Id, CancellationToken.None)));
        Assert.Same(c, await app.InScopeAsync(s => materials.OfAsync(s, later.Interview.Id, CancellationToken.None)));
    }

    private static Task<List<Guid>> PinsAsync(RapportTestApp app, Guid interviewId) =>
        app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().InterviewBankPins.Where(p => p.InterviewId == interviewId)
            .Select(p => p.VersionId).OrderBy(v => v).ToListAsync());
}
