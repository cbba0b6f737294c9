using System.CommandLine;
using Microsoft.Extensions.Options;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Infrastructure;

namespace Rapport.Cli;

/// <summary>How to serve: the port or addresses, and settings given on the command line as <c>--Section:Key=value</c>.</summary>
internal sealed record ServeSettings(int? Port, string? Urls, IReadOnlyList<string>? Settings = null);

internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        return Serving(
            "rapport serve",
            "Serve Rapport (the default command). Any setting can follow as --Section:Key=value, e.g. --Sandbox:Enabled=false.",
            new Uri(RapportWebApp.DefaultUrl).Port,
            error,
            (settings, ct) => RunAsync(settings, output, error, ct));
    }

    /// <summary>
    /// A command that serves (<c>rapport serve</c>, <c>rapport sandbox serve</c>): <c>--port</c>,
    /// <c>--urls</c>, and settings passed through as <c>--Section:Key=value</c>; anything else is refused.
    /// </summary>
    public static Command Serving(string name, string description, int defaultPort, TextWriter error, Func<ServeSettings, CancellationToken, Task<int>> run)
    {
        var port = PortOption($"Port on 127.0.0.1 to serve on (default {defaultPort}).");
        var urls = UrlsOption();
        var serve = new Command(name.Split(' ')[^1], description)
        {
            port,
            urls,
        };
        // Settings are not options of this command: they pass through to the configuration.
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction(async (parsed, ct) =>
        {
            var settings = parsed.UnmatchedTokens;
            if (settings.FirstOrDefault(t => !IsSetting(t)) is { } stray)
            {
                await error.WriteLineAsync($"rapport: '{stray}' is neither an option of '{name}' nor a setting like --Sandbox:Enabled=false (run '{name} --help' for usage)");
                return RapportCommandLine.UsageError;
            }

            return await run(new ServeSettings(parsed.GetValue(port), parsed.GetValue(urls), settings), ct);
        });
        return serve;
    }

    /// <summary><c>--port N</c>: a port on 127.0.0.1.</summary>
    private static Option<int?> PortOption(string description) => new("--port")
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, out var value) && value is >= 1 and <= 65535)
            {
                return value;
            }

            result.AddError($"--port must be a whole number from 1 to 65535, not '{text}'.");
            return null;
        },
    };

    /// <summary><c>--urls A;B</c>: http addresses to listen on.</summary>
    private static Option<string?> UrlsOption()
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to serve on, separated by ';', e.g. http://0.0.0.0:8080 (overrides --port)." };
        urls.Validators.Add(result =>
        {
            var value = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            var bad = value.Split(';').FirstOrDefault(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme != "http");
            if (bad is not null)
            {
                result.AddError($"--urls takes http addresses like http://127.0.0.1:5080, not '{bad}' (for HTTPS, put a TLS proxy in front and set Rapport:PublicUrl).");
            }
        });
        return urls;
    }

    /// <summary>The host's arguments: the settings given, then where to listen (last wins, so --port and --urls beat a urls setting).</summary>
    public static string[] HostArguments(ServeSettings settings)
    {
        string[] listen = settings switch
        {
            { Urls: { Length: > 0 } urls } => [$"--urls={urls}"],
            { Port: { } port } => [$"--urls=http://127.0.0.1:{port}"],
            _ => [],
        };
        return [.. settings.Settings ?? [], .. listen];
    }

    /// <summary>A configuration setting as the host reads it from the command line: <c>--Key=value</c>, keys with <c>:</c> between sections.</summary>
    private static bool IsSetting(string token) => token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('=', StringComparison.Ordinal) > 2;

    public static async Task<int> RunAsync(ServeSettings settings, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var args = HostArguments(settings);
        try
        {
            var app = RapportWebApp.CreateBuilder(args).Build();
            await using (app)
            {
                await StorageStartup.PrepareAsync(app.Services, ct);
                await AnnounceFirstAdminAsync(app.Services, output, ct);
                app.MapRapport();
                try
                {
                    await app.StartAsync(ct);
                }
                catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidSettingException("urls", $"{e.Message.TrimEnd('.')}; stop the program using that port or choose another with --port N (or RAPPORT_URLS).", e);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or FormatException)
                {
                    throw new InvalidSettingException("urls", $"cannot listen on {string.Join(", ", app.Urls)}: {e.GetBaseException().Message.TrimEnd('.')}. Choose another address with --port N or --urls URL (ports below 1024 need root).", e);
                }

                await output.WriteLineAsync($"Rapport is serving on {string.Join(", ", app.Urls)} (Ctrl-C stops it).");
                // In the background: reading the toolchains' versions must not hold up serving or Ctrl-C.
                var sandbox = AnnounceSandboxAsync(app.Services, output, app.Lifetime.ApplicationStopping);
                await app.WaitForShutdownAsync(ct);
                await sandbox;
                return 0;
            }
        }
        catch (InvalidSettingException e)
        {
            await error.WriteLineAsync($"rapport: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Sets the sandbox up now rather than on the first room's first page (toolchain versions are
    /// read by running them, and the C# compiler worker starts), and says whether Run works here.
    /// </summary>
    private static async Task AnnounceSandboxAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            var sandbox = services.GetRequiredService<Features.Runs.SandboxRuntime>();
            var availability = await sandbox.AvailabilityAsync(ct);
            if (!availability.Available)
            {
                await output.WriteLineAsync($"Run is switched off in every room: {availability.OperatorDetail} ('rapport doctor' says how to fix it).");
                return;
            }

            var languages = await sandbox.LanguagesAsync(ct);
            await output.WriteLineAsync(sandbox.UsesWorkers
                ? $"Run works, on the sandbox workers: {string.Join(", ", languages.Select(l => l.Version))}."
                : $"Run works here: {string.Join(", ", languages.Select(l => l.Version))}.");
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Stopped before the sandbox was ready: nothing to say.
        }
    }

    private static async Task AnnounceFirstAdminAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        var email = scope.ServiceProvider.GetRequiredService<IOptions<RapportOptions>>().Value.FirstAdminEmail;
        if (await accounts.EnsureFirstAdminAsync(email, ct) is { } link)
        {
            await output.WriteLineAsync($"""

                No admin has signed in yet. Sign in as {email} by choosing a password here (the link works once, for 3 days):

                    {link}

                """);
        }
    }
}
