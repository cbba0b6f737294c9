using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Infrastructure;

namespace Rapport.Tests.Infrastructure;

public sealed record StaffMember(string Id, string Email, string Password, string DisplayName, string Role);

/// <summary>
/// One Rapport app per test, on its own database (a SQLite file or a fresh PostgreSQL database),
/// with migrations applied, a fake clock, and an in-memory server reached through the real HTTP stack.
/// </summary>
public sealed class RapportTestApp : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly string directory;
    private readonly string? postgresDatabase;
    // What the server logged at Error and above: a client's 5xx carries the newest in its reason phrase.
    private readonly ServerErrors errors;
    private int staffCount;

    private RapportTestApp(WebApplication app, FakeTimeProvider time, ServerErrors errors, string directory, string? postgresDatabase)
    {
        App = app;
        Time = time;
        this.errors = errors;
        this.directory = directory;
        this.postgresDatabase = postgresDatabase;
    }

    public WebApplication App { get; }

    /// <summary>This app's RAPPORT_DATA folder (SQLite file, keys).</summary>
    public string DataDirectory => directory;

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => App.Services;

    public static Task<RapportTestApp> StartAsync(string provider = TestStorage.Sqlite, params string[] settings) =>
        StartAsync(provider, logs: null, settings);

    public static async Task<RapportTestApp> StartAsync(string provider, CapturedLogs? logs, params string[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("rapport-test-").FullName;
        string? database = null;
        List<string> args = [$"--DATA={directory}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Error"];
        if (provider == TestStorage.Postgres)
        {
            var admin = TestStorage.PostgresAdminConnectionString
                ?? throw new InvalidOperationException($"{TestStorage.PostgresVariable} is not set; run the tests through script/test.");
            database = $"rapport_test_{Guid.NewGuid():N}";
            args.Add($"--Storage:Provider=postgres");
            args.Add($"--Storage:ConnectionString={new NpgsqlConnectionStringBuilder(admin) { Database = database }}");
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        args.AddRange(settings);
        var builder = RapportWebApp.CreateBuilder([.. args]);
        builder.WebHost.UseTestServer();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        var errors = new ServerErrors();
        builder.Logging.AddProvider(errors);

        // Start the fake clock at the real time so cookie and token lifetimes look sane to HTTP clients.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        builder.Services.AddSingleton<TimeProvider>(time);
        if (!settings.Any(s => s.StartsWith("--Sandbox:", StringComparison.Ordinal)))
        {
            // Registered as an instance, so no app disposes it: the next test reuses the warm sandbox.
            builder.Services.AddSingleton(SharedSandbox.Runtime);
        }

        var app = builder.Build();
        await StorageStartup.PrepareAsync(app.Services, CancellationToken.None);
        app.MapRapport();
        await app.StartAsync();
        return new RapportTestApp(app, time, errors, directory, database);
    }

    /// <summary>An HTTP client that keeps cookies and does not follow redirects, so tests see them.</summary>
    public HttpClient CreateClient() => CreateClient(new CookieContainer());

    public HttpClient CreateClient(CookieContainer cookies)
    {
        var handler = new CookieContainerHandler(cookies) { InnerHandler = new ServerErrorReason(errors) { InnerHandler = App.GetTestServer().CreateHandler() } };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
    }

    /// <summary>The cookies of a signed-in session, for a hub connection as that person.</summary>
    public async Task<CookieContainer> SignedInCookiesAsync(StaffMember member)
    {
        var cookies = new CookieContainer();
        var response = await CreateClient(cookies).PostFormAsync("/account/login", "sign-in", new() { ["Input.Email"] = member.Email, ["Input.Password"] = member.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return cookies;
    }

    public async Task<StaffMember> CreateStaffAsync(string role, string? displayName = null)
    {
        var number = Interlocked.Increment(ref staffCount);
        var email = $"{role}{number}@example.com";
        var name = displayName ?? $"{char.ToUpperInvariant(role[0])}{role[1..]} {number}";
        await using var scope = Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<StaffAccounts>()
            .CreateAsync(new NewStaffAccount(email, name, role, Password), CancellationToken.None);
        Assert.True(outcome.Succeeded, string.Join(" ", outcome.Errors.Values.SelectMany(e => e)));
        return new StaffMember(outcome.User!.Id, email, Password, name, role);
    }

    /// <summary>Signs in through the real sign-in form, antiforgery token and all.</summary>
    public async Task<HttpClient> SignedInClientAsync(StaffMember member)
    {
        var client = CreateClient();
        var response = await client.PostFormAsync("/account/login", "sign-in", new() { ["Input.Email"] = member.Email, ["Input.Password"] = member.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>This app's database as a connection string: a second app started on it is a second node of one deployment.</summary>
    public Task<string> DatabaseAsync() =>
        InScopeAsync(s => Task.FromResult(s.GetRequiredService<AppDbContext>().Database.GetConnectionString()!));

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestStorage.PostgresAdminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
