using System.CommandLine;
using Rapport.Features.Runs;
using Rapport.Features.Runs.Workers;
using Rapport.Infrastructure;

namespace Rapport.Cli;

/// <summary>
/// <c>rapport sandbox serve</c>: this machine's sandbox as a worker that web nodes send runs to
/// (ADR 17). It needs what <c>rapport sandbox check</c> checks, and the cluster's <c>Sandbox:WorkerSecret</c>.
/// </summary>
internal static class SandboxServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var port = ServeCommand.PortOption($"Port on 127.0.0.1 to serve on (default {new Uri(SandboxWorkerApp.DefaultUrl).Port}).");
        var urls = ServeCommand.UrlsOption();
        var serve = new Command("serve", "Serve this machine's sandbox to Rapport web nodes that list it in their Sandbox:WorkersFile. Requires Sandbox:WorkerSecret; settings follow as --Section:Key=value.")
        {
            port,
            urls,
        };
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction(async (parsed, ct) =>
        {
            var settings = parsed.UnmatchedTokens;
            if (settings.FirstOrDefault(t => !ServeCommand.IsSetting(t)) is { } stray)
            {
                await error.WriteLineAsync($"rapport: '{stray}' is neither an option of 'rapport sandbox serve' nor a setting like --Sandbox:Workers=4 (run 'rapport sandbox serve --help' for usage)");
                return RapportCommandLine.UsageError;
            }

            return await RunAsync(ServeCommand.HostArguments(new ServeSettings(parsed.GetValue(port), parsed.GetValue(urls), settings)), output, error, ct);
        });
        return serve;
    }

    private static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        try
        {
            var app = SandboxWorkerApp.Build(args);
            await using (app)
            {
                try
                {
                    await app.StartAsync(ct);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or FormatException)
                {
                    throw new InvalidSettingException("urls", $"cannot listen on {string.Join(", ", app.Urls)}: {e.GetBaseException().Message.TrimEnd('.')}. Choose another address with --port N or --urls URL.", e);
                }

                await output.WriteLineAsync($"Rapport sandbox worker is serving on {string.Join(", ", app.Urls)} (Ctrl-C stops it; runs going on finish first).");
                var runtime = app.Services.GetRequiredService<SandboxRuntime>();
                var availability = await runtime.AvailabilityAsync(ct);
                await output.WriteLineAsync(availability.Available
                    ? $"Runs work here: {string.Join(", ", (await runtime.LanguagesAsync(ct)).Select(l => l.Version))}."
                    : $"This worker cannot run code, and tells web nodes so: {availability.OperatorDetail} ('rapport sandbox check' says how to fix it).");
                await app.WaitForShutdownAsync(ct);
                return 0;
            }
        }
        catch (InvalidSettingException e)
        {
            await error.WriteLineAsync($"rapport: {e.Message}");
            return 1;
        }
    }
}
