using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;
using Rapport.Infrastructure;

namespace Rapport.Data;

/// <summary>Brings the database to the current schema and makes sure the staff roles exist.</summary>
public static class StorageStartup
{
    /// <summary>
    /// Applies pending migrations when <paramref name="migrate"/> says so (null: as <c>Storage:MigrateOnStart</c>
    /// says), refuses to go on with pending ones otherwise, and seeds the roles.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct, bool? migrate = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<StorageOptions>();
        try
        {
            if (db.Database.IsSqlite())
            {
                CreateOwnerOnlyFile(db.Database.GetConnectionString());
            }

            if (migrate ?? options.MigrateOnStart)
            {
                await db.Database.MigrateAsync(ct);
            }
            else if ((await db.Database.GetPendingMigrationsAsync(ct)).ToList() is { Count: > 0 } pending)
            {
                throw new InvalidSettingException(
                    $"{StorageOptions.Section}:MigrateOnStart",
                    $"is false and the database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}); run 'rapport migrate' first.");
            }

            if (db.Database.IsSqlite())
            {
                // Write-ahead logging lets readers go on while one request writes.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }

            // Before anything is protected: a key made now would sign out everyone whose cookie an older key made.
            await scope.ServiceProvider.GetRequiredService<SharedKeys>().ImportFolderKeysAsync(db, ct);

            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in StaffRoles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
            }
        }
        catch (DbException e)
        {
            throw Unreachable(e, db.Database.IsSqlite());
        }
    }

    /// <summary>
    /// Creates a new SQLite file readable by its owner alone (SQLite gives its -wal and -shm files the
    /// same mode); an existing file keeps its mode. Anything in the way is left for SQLite to report.
    /// </summary>
    private static void CreateOwnerOnlyFile(string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = builder.DataSource;
        if (OperatingSystem.IsWindows() || builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(file) || file == ":memory:" || File.Exists(file))
        {
            return;
        }

        try
        {
            using var created = new FileStream(file, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Created meanwhile, or not creatable here: opening it says which, in SQLite's words.
        }
    }

    public static InvalidSettingException Unreachable(Exception e, bool sqlite) => sqlite
        ? new(
            "RAPPORT_DATA",
            $"cannot use the SQLite database: {e.GetBaseException().Message.TrimEnd('.')}. Check that the data directory and rapport.db are writable by this user (or correct Storage:ConnectionString if you set one).",
            e)
        : new(
            $"{StorageOptions.Section}:ConnectionString",
            $"cannot open the database: {e.GetBaseException().Message.TrimEnd('.')}. Check that the server is running and that the connection string's host, port, database and credentials are right.",
            e);
}
