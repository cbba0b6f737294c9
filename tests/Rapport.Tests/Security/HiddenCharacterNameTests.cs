using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;
using Rapport.Tests.Infrastructure;
using Rapport.Tests.Questions;

namespace Rapport.Tests.Security;

/// <summary>
/// Every name and title reads as it is stored: text-direction controls (U+202E turns "Ada" into
/// an impostor's name in a list), line breaks and invisible characters are refused, naming the
/// character, wherever a name enters (API, forms, bank files).
/// </summary>
public sealed class HiddenCharacterNameTests
{
    public static TheoryData<string, string> Hidden => new()
    {
        { "Ada\u202Egnp.exe", "U+202E" },
        { "Ada\u200F Lovelace", "U+200F" },
        { "Ada\u061C Lovelace", "U+061C" },
        { "Ada\u2066 Lovelace", "U+2066" },
        { "Ada\u2028Lovelace", "U+2028" },
        { "Ada\u200BLovelace", "U+200B" },
        { "Ada\u001B[2J", "U+001B" },
    };

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task StaffDisplayName_WithAHiddenCharacter_IsRefusedNamingIt(string name, string code)
    {
        await using var app = await RapportTestApp.StartAsync();
        var admin = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Admin));

        var response = await admin.PostAsJsonAsync("/api/users", new InviteStaffRequest("someone@example.com", name, StaffRoles.Interviewer));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(code, Assert.Single(problem!.Errors["displayName"]), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task CandidateNameAndRole_WithAHiddenCharacter_AreRefusedNamingIt(string name, string code)
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));
        var interviewer = await app.CreateStaffAsync(StaffRoles.Interviewer);

        var response = await coordinator.PostAsJsonAsync("/api/interviews", new CreateInterviewRequest(
            name, "ada@example.com", $"ML {name}", app.Time.GetUtcNow().AddDays(1), 45, [interviewer.Id], PreferredName: name));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(code, Assert.Single(problem!.Errors["candidateName"]), StringComparison.Ordinal);
        Assert.Contains(code, Assert.Single(problem.Errors["preferredName"]), StringComparison.Ordinal);
        Assert.Contains(code, Assert.Single(problem.Errors["role"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("questions/two-sum.md", "title: Two sum", "title: Two \u202Emus", 3)]
    [InlineData("kits/screen.yaml", "title: ", "title: \u202E", 0)]
    [InlineData("kits/screen.yaml", "role: ", "role: \u2067", 0)]
    public void BankTitles_WithADirectionControl_AreRefusedAtTheirLine(string file, string find, string replace, int line)
    {
        var question = file.StartsWith("questions/", StringComparison.Ordinal) ? BankFiles.Question.Replace(find, replace, StringComparison.Ordinal) : null;
        var kitSource = BankFiles.Kit;
        var at = kitSource.IndexOf(find, StringComparison.Ordinal);
        var kit = question is null ? kitSource[..at] + replace + kitSource[(at + find.Length)..] : null;
        var expectedLine = line > 0 ? line : kitSource[..at].Count(c => c == '\n') + 1;

        var problem = BankFiles.SingleError(BankFiles.Check(question, kit));

        Assert.Equal((file, expectedLine), (problem.File, problem.Line));
        Assert.Contains("text-direction", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', problem.ToString());
        Assert.DoesNotContain('\u2067', problem.ToString());
    }

    [Fact]
    public void SignalNames_WithAHiddenCharacter_AreRefused()
    {
        var signals = Rapport.Features.Questions.Format.SignalCatalog.DefaultSource().Replace("name: Problem solving", "name: Problem\u200B solving", StringComparison.Ordinal);
        Assert.Contains("Problem\u200B solving", signals, StringComparison.Ordinal);

        var problem = BankFiles.SingleError(BankFiles.Check(null, null, new Rapport.Features.Questions.Format.BankFile("signals.yaml", signals)));

        Assert.Equal("signals.yaml", problem.File);
        Assert.Contains("U+200B", problem.Message, StringComparison.Ordinal);
    }
}
