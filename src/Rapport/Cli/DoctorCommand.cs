using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Infrastructure;

namespace Rapport.Cli;

/// <summary>Checks what Rapport needs, changes nothing, and prints the exact fix for each problem.</summary>
internal static class DoctorCommand
{
    private sealed record Check(string Name, bool Passed, string Detail, string? Fix = null);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var doctor = new Command("doctor", "Check settings, storage and schema; print what is missing and how to fix it.");
        doctor.SetAction(async (_, ct) =>
        {
            var checks = await RunChecksAsync(ct);
            foreach (var check in checks)
            {
                await WriteCheckAsync(output, check.Name, check.Passed, check.Detail, check.Fix);
            }

            var failed = checks.Count(c => !c.Passed);
            await (failed == 0 ? output : error).WriteLineAsync(failed == 0 ? "Everything Rapport needs is in place." : $"{failed} problem(s) found.");
            return failed == 0 ? 0 : 1;
        });
        return doctor;
    }

    /// <summary>One line per check, and the fix below a failed one: the doctor's and <c>rapport sandbox check</c>'s format.</summary>
    public static async Task WriteCheckAsync(TextWriter output, string name, bool passed, string detail, string? fix)
    {
        await output.WriteLineAsync($"{(passed ? "ok  " : "FAIL")} {name}: {detail}");
        if (!passed && fix is not null)
        {
            await output.WriteLineAsync($"     fix: {fix}");
        }
    }

    private static async Task<List<Check>> RunChecksAsync(CancellationToken ct)
    {
        var checks = new List<Check>
        {
            new("runtime", true, $".NET {Environment.Version}"),
        };
        WebApplication app;
        try
        {
            app = RapportWebApp.CreateBuilder(["--Logging:LogLevel:Default=None"]).Build();
        }
        catch (InvalidSettingException e)
        {
            checks.Add(new("settings", false, e.Message, $"correct the setting {e.Setting} (in appsettings.json, or as an environment variable RAPPORT_{e.Setting.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()})"));
            return checks;
        }

        await using (app)
        {
            // Building the host already checked that the data directory is writable.
            checks.Add(new("data directory", true, $"{DataDirectory.Resolve(app.Configuration)} is writable"));
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var provider = scope.ServiceProvider.GetRequiredService<StorageOptions>().NormalizedProvider();
            // Opening a SQLite file that does not exist would create it; the doctor changes nothing.
            if (db.Database.IsSqlite() && new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource is { } file && !File.Exists(file))
            {
                checks.Add(new("schema", false, $"there is no database at {file} yet", "rapport migrate"));
                return checks;
            }

            try
            {
                await db.Database.OpenConnectionAsync(ct);
                await db.Database.CloseConnectionAsync();
                checks.Add(new("storage", true, $"{provider} database answers"));
            }
            catch (System.Data.Common.DbException e)
            {
                checks.Add(new("storage", false, StorageStartup.Unreachable(e, db.Database.IsSqlite()).Message, "start the database server, or correct Storage:ConnectionString"));
                return checks;
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            checks.Add(pending.Count == 0
                ? new("schema", true, $"{(await db.Database.GetAppliedMigrationsAsync(ct)).Count()} migration(s) applied, none pending")
                : new("schema", false, $"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}", "rapport migrate"));
            await AddSandboxChecksAsync(checks, app.Services.GetRequiredService<Features.Runs.SandboxSettings>(), ct);
            if (pending.Count == 0)
            {
                checks.AddRange((await DoctorCluster.CheckAsync(app.Services, db, ct)).Select(f => new Check(f.Name, f.Passed, f.Detail, f.Fix)));
                var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
                var admins = await users.GetUsersInRoleAsync(StaffRoles.Admin);
                checks.Add(admins.Any(a => a.PasswordHash is not null)
                    ? new("accounts", true, $"{admins.Count} admin(s); at least one can sign in")
                    : new("accounts", false, "no admin can sign in yet", "run 'rapport serve' and open the one-time link it prints, or 'rapport admin create-user --role admin --email you@example.com --name \"Your Name\"'"));
            }
        }

        return checks;
    }

    /// <summary>What running candidates' code needs: tools, namespaces, cgroups, and a probe run in the real sandbox; or, with Sandbox:WorkersFile, workers that take runs.</summary>
    private static async Task AddSandboxChecksAsync(List<Check> checks, Features.Runs.SandboxSettings settings, CancellationToken ct)
    {
        if (!settings.Enabled)
        {
            checks.Add(new("sandbox", true, "switched off (Sandbox:Enabled is false): Run is disabled in every room"));
            return;
        }

        // A web node that sends runs to workers needs no sandbox of its own: its workers are checked instead.
        var found = settings.WorkersFile is null
            ? await Rapport.Sandbox.SandboxDoctor.CheckAsync(settings.ToOptions(), TimeProvider.System, ct)
            : await Features.Runs.Workers.WorkerDoctor.CheckAsync(settings, ct);
        foreach (var check in found)
        {
            checks.Add(new($"sandbox: {check.Name}", check.Passed, check.Detail, check.Fix));
        }
    }
}
