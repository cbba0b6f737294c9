using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Infrastructure;

namespace Rapport.Data;

/// <summary>Brings the database to the current schema and makes sure the staff roles exist.</summary>
public static class StorageStartup
{
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<StorageOptions>();
        try
        {
            if (options.MigrateOnStart)
            {
                await db.Database.MigrateAsync(ct);
            }

            if (db.Database.IsSqlite())
            {
                // Write-ahead logging lets readers go on while one request writes.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException && e is not InvalidSettingException)
        {
            throw Unreachable(e);
        }

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    public static InvalidSettingException Unreachable(Exception e) => new(
        $"{StorageOptions.Section}:ConnectionString",
        $"cannot open the database: {e.GetBaseException().Message.TrimEnd('.')}. Check that the server is running and that the connection string's host, port, database and credentials are right.",
        e);
}
