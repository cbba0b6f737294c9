using System.Net;
using System.Text;
using Rapport.Features.Accounts;
using Rapport.Features.Insights;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Insights;

/// <summary>
/// A ratings file is input from another system: a file too big, bytes that are not UTF-8 and
/// values holding terminal escapes or direction controls each get a message that names the
/// problem, quoting the input escaped, on the command line and on the page.
/// </summary>
public sealed class RatingsInputTests : IDisposable
{
    private readonly RapportProcess rapport = new();

    public void Dispose() => rapport.Dispose();

    private static readonly byte[] NotUtf8OnLine3 = [
        .. Encoding.UTF8.GetBytes(RatingsFiles.Header + "\nint-1,c-1,ana,two-sum,problem_solving,3,2025-01-01,\nint-2,c-"),
        0xC3, 0x28,
        .. Encoding.UTF8.GetBytes(",ana,two-sum,problem_solving,3,2025-01-01,\n"),
    ];

    private static readonly string Escapes = RatingsFiles.Header + "\nint-1,c-1,ana,two-sum,problem_solving,\u001b[31mX\u001b]0;pwned\u0007,2025-01-01,\nint-2,c-2,ana,two-sum,problem_solving,3,2025-01-0\u202E1,\n";

    private static Task<int> StoredAsync(RapportTestApp app) =>
        app.InScopeAsync(s => s.GetRequiredService<RatingsLibrary>().CountAsync(CancellationToken.None));

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName = "export.csv") =>
        await client.PostFileWithTokenAsync("/insights/import", "import-ratings", "ratings", fileName, content, await client.AntiforgeryTokenAsync("/insights/import"));

    [Fact]
    public async Task Upload_OverTheLimit_IsAPageThatSaysTheLimitAndTheCommandToUse()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));
        var huge = new byte[65 * 1024 * 1024];
        Array.Fill(huge, (byte)'a');

        var response = await UploadAsync(coordinator, huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("20 MB", page, StringComparison.Ordinal);
        Assert.Contains("rapport ratings import", page, StringComparison.Ordinal);
        Assert.Equal(0, await StoredAsync(app));
    }

    [Fact]
    public async Task Upload_NotUtf8_IsRefusedWithItsLine_AndStoresNothing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));

        var response = await UploadAsync(coordinator, NotUtf8OnLine3);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("line 3: the file is not UTF-8", page, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', page);
        Assert.Equal(0, await StoredAsync(app));
    }

    [Fact]
    public async Task Upload_WithEscapesInValuesAndName_ShowsThemEscaped()
    {
        await using var app = await RapportTestApp.StartAsync();
        var coordinator = await app.SignedInClientAsync(await app.CreateStaffAsync(StaffRoles.Coordinator));

        var response = await UploadAsync(coordinator, Encoding.UTF8.GetBytes(Escapes), "ex\u202Evsc.csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(@"The rating '\e[31mX\e]0;pwned\u0007'", page, StringComparison.Ordinal);
        Assert.Contains(@"ex\u202Evsc.csv", page, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', page);
        Assert.DoesNotContain('\u202E', page);
        Assert.DoesNotContain('\u0007', page);
    }

    [Fact]
    public async Task CommandLine_NotUtf8_IsRefusedWithItsLine_InImportAndInCalibrate()
    {
        var file = Path.Combine(rapport.DataDirectory, "export.csv");
        await File.WriteAllBytesAsync(file, NotUtf8OnLine3);
        Assert.Equal(0, (await rapport.RunAsync(["migrate"])).ExitCode);

        var import = await rapport.RunAsync(["ratings", "import", file]);
        var calibrate = await rapport.RunAsync(["calibrate", "--ratings", file, "--out", Path.Combine(rapport.DataDirectory, "report.json")]);

        Assert.Equal(1, import.ExitCode);
        Assert.Contains($"{file}: line 3: the file is not UTF-8", import.Error, StringComparison.Ordinal);
        Assert.Equal(1, calibrate.ExitCode);
        Assert.Contains($"{file}: line 3: the file is not UTF-8", calibrate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLine_QuotesValuesEscaped_NeverSendingTheTerminalAnEscapeSequence()
    {
        var file = Path.Combine(rapport.DataDirectory, "export.csv");
        await File.WriteAllTextAsync(file, Escapes);
        Assert.Equal(0, (await rapport.RunAsync(["migrate"])).ExitCode);

        var import = await rapport.RunAsync(["ratings", "import", file]);
        var calibrate = await rapport.RunAsync(["calibrate", "--ratings", file, "--out", Path.Combine(rapport.DataDirectory, "report.json")]);

        Assert.Equal(1, import.ExitCode);
        Assert.Contains(@"The rating '\e[31mX\e]0;pwned\u0007'", import.Error, StringComparison.Ordinal);
        Assert.Contains(@"2025-01-0\u202E1", import.Error, StringComparison.Ordinal);
        Assert.Equal(1, calibrate.ExitCode);
        Assert.Contains(@"The rating '\e[31mX\e]0;pwned\u0007'", calibrate.Error, StringComparison.Ordinal);
        Assert.All(new[] { import.Error, import.Output, calibrate.Error, calibrate.Output }, text =>
        {
            Assert.DoesNotContain('\u001b', text);
            Assert.DoesNotContain('\u0007', text);
            Assert.DoesNotContain('\u202E', text);
        });
    }
}
