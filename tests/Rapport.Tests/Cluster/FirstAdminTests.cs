using Microsoft.AspNetCore.Identity;
using Rapport.Features.Accounts;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Cluster;

/// <summary>
/// Two nodes started at once on a new database both find no admin and both make the first one
/// (found by the cluster tests: one node stopped with "A user with the email admin@rapport.local
/// already exists"). One account is made, and each node prints a sign-in link for it.
/// </summary>
public sealed class FirstAdminTests
{
    [Fact]
    public async Task TwoNodesMakingTheFirstAdminAtOnce_MakeOne_AndBothPrintALinkForIt()
    {
        await using var nodeA = await RapportTestApp.StartAsync(TestStorage.Postgres);
        var database = await nodeA.DatabaseAsync();
        await using var nodeB = await RapportTestApp.StartAsync(TestStorage.Postgres, $"--Storage:ConnectionString={database}");

        for (var round = 0; round < 8; round++)
        {
            var email = $"first{round}@example.com";
            var links = await Task.WhenAll(
                nodeA.InScopeAsync(s => s.GetRequiredService<StaffAccounts>().EnsureFirstAdminAsync(email, CancellationToken.None)),
                nodeB.InScopeAsync(s => s.GetRequiredService<StaffAccounts>().EnsureFirstAdminAsync(email, CancellationToken.None)));

            Assert.All(links, link => Assert.Contains("/account/welcome?user=", link, StringComparison.Ordinal));
            var admins = await nodeA.InScopeAsync(async s => await s.GetRequiredService<UserManager<AppUser>>().GetUsersInRoleAsync(StaffRoles.Admin));
            Assert.Equal(email, Assert.Single(admins).Email);
            // Both links open the same account.
            Assert.All(links, link => Assert.Contains($"user={admins[0].Id}", link, StringComparison.Ordinal));
            await nodeA.InScopeAsync(async s =>
            {
                var users = s.GetRequiredService<UserManager<AppUser>>();
                return await users.DeleteAsync(admins[0]);
            });
        }
    }
}
