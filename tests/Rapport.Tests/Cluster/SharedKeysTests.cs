using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Cluster;

/// <summary>
/// The data-protection keys live in the database (ADR 16): what one node protects (a session
/// cookie), another node on the same database opens, whatever its data folder; and keys an older
/// version kept in the data folder are carried over, so an upgrade signs nobody out.
/// </summary>
public sealed class SharedKeysTests
{
    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task ACookieMadeByOneNode_OpensOnAnotherNodeOnTheSameDatabase(string provider)
    {
        await using var first = await RapportTestApp.StartAsync(provider);
        var database = await first.DatabaseAsync();
        // The second node has a data folder of its own (RapportTestApp makes one): only the database is shared.
        await using var second = await RapportTestApp.StartAsync(provider, $"--Storage:ConnectionString={database}");
        Assert.NotEqual(first.DataDirectory, second.DataDirectory);
        var admin = await first.CreateStaffAsync(StaffRoles.Admin);
        var cookies = await first.SignedInCookiesAsync(admin);

        var onSecond = await second.CreateClient(cookies).GetAsync("/api/interviews");
        var signedOut = await second.CreateClient().GetAsync("/api/interviews");

        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    [Fact]
    public async Task KeysInTheDataFolder_AreCopiedIntoTheDatabaseOnce_AndWhatTheyProtectedStillOpens()
    {
        var data = Directory.CreateTempSubdirectory("rapport-keys-").FullName;
        try
        {
            // What an older version did: ASP.NET Core's own file-system key store in the data folder.
            var folder = new DirectoryInfo(Path.Combine(data, "keys"));
            var old = DataProtectionProvider.Create(folder, b => b.SetApplicationName("Rapport"));
            var sealedByOld = old.CreateProtector("upgrade-test").Protect("still yours");
            var keyFiles = folder.GetFiles("*.xml").Length;
            Assert.True(keyFiles >= 1);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "notes.xml"), "this is not a key <");

            var logs = new CapturedLogs();
            await using (var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, logs, $"--DATA={data}"))
            {
                var opened = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("upgrade-test").Unprotect(sealedByOld);
                Assert.Equal("still yours", opened);
                Assert.Equal(keyFiles, await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().DataProtectionKeys.CountAsync()));
            }

            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("notes.xml", StringComparison.Ordinal) && e.Message.Contains("left where it is", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(folder.FullName, "notes.xml")));

            // A second start finds keys in the database and copies nothing again, even with a new file in the folder.
            File.Copy(folder.GetFiles("key-*.xml")[0].FullName, Path.Combine(folder.FullName, $"key-{Guid.NewGuid()}.xml"));
            await using (var again = await RapportTestApp.StartAsync(TestStorage.Sqlite, $"--DATA={data}"))
            {
                Assert.Equal(keyFiles, await again.InScopeAsync(s => s.GetRequiredService<AppDbContext>().DataProtectionKeys.CountAsync()));
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
