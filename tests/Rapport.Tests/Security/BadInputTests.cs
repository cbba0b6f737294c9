using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Questions;

namespace Rapport.Tests.Security;

/// <summary>Any input gets a message naming what is wrong: never a stack trace, never a 500.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly RapportProcess rapport = new();

    public void Dispose() => rapport.Dispose();

    [Theory]
    [InlineData("99999999999999999999999")]
    [InlineData("-99999999999999999999999")]
    [InlineData("abc")]
    [InlineData("1e3")]
    [InlineData("")]
    public async Task Replay_AtAMomentThatIsNotANumber_IsA400NamingTheParameter(string at)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var client = await app.SignedInClientAsync(world.InterviewerOnA);

        var response = await client.GetAsync($"/interviews/{world.InterviewA.Interview.Id}/replay?at={Uri.EscapeDataString(at)}");

        if (at.Length == 0)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"'at={at}' is not a moment of this replay", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanInterview_ForALoopThatIsNotAnId_IsA400NamingTheParameter()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));

        var response = await coordinator.GetAsync("/interviews/new?loop=not-a-loop");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'loop=not-a-loop' is not a loop", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    /// <summary>
    /// Blazor turns a query value that does not parse as the property's type into an exception (a
    /// 500): every query parameter a page takes is text, parsed by the page with a message.
    /// </summary>
    [Fact]
    public void EveryQueryParameterOfEveryPage_IsTakenAsText()
    {
        var typed = typeof(Rapport.Cli.RapportCommandLine).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is not null && p.PropertyType != typeof(string))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name} ({p.PropertyType.Name})")
            .ToList();

        Assert.Empty(typed);
    }

    [Fact]
    public async Task BankValidate_OnABlockquoteNestingBomb_NamesTheLine()
    {
        var bank = Path.Combine(rapport.DataDirectory, "bank");
        Directory.CreateDirectory(Path.Combine(bank, "questions"));
        var bomb = BankFiles.Question.Replace("# Prompt\n", "# Prompt\n\n" + new string('>', 60_000) + "\n", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(bank, "questions", "two-sum.md"), bomb);
        var biggerBomb = Path.Combine(rapport.DataDirectory, "bigger");
        Directory.CreateDirectory(Path.Combine(biggerBomb, "questions"));
        await File.WriteAllTextAsync(Path.Combine(biggerBomb, "questions", "two-sum.md"), bomb.Replace(new string('>', 60_000), new string('>', 100_000), StringComparison.Ordinal));

        var result = await rapport.RunAsync(["bank", "validate", bank]);
        var bigger = await rapport.RunAsync(["bank", "validate", biggerBomb]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("questions/two-sum.md:", result.Error, StringComparison.Ordinal);
        Assert.Contains("nested too deeply", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, bigger.ExitCode);
        Assert.Contains("questions/two-sum.md:", bigger.Error, StringComparison.Ordinal);
        Assert.All(new[] { result.Error, bigger.Error }, e => Assert.DoesNotContain("   at ", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BankExport_IntoAFile_SaysWhatIsWrongInOneLine()
    {
        var bank = Path.Combine(rapport.DataDirectory, "bank");
        Directory.CreateDirectory(Path.Combine(bank, "questions"));
        await File.WriteAllTextAsync(Path.Combine(bank, "questions", "two-sum.md"), BankFiles.Question);
        Assert.Equal(0, (await rapport.RunAsync(["bank", "import", bank])).ExitCode);
        var file = Path.Combine(rapport.DataDirectory, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var result = await rapport.RunAsync(["bank", "export", file]);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Error, StringComparison.Ordinal);
        Assert.Contains(file, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }
}
