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
    public static Command Create(TextWriter output, TextWriter error) =>
        ServeCommand.Serving(
            "rapport sandbox serve",
            "Serve this machine's sandbox to Rapport web nodes that list it in their Sandbox:WorkersFile. Requires Sandbox:WorkerSecret; settings follow as --Section:Key=value.",
            new Uri(SandboxWorkerApp.DefaultUrl).Port,
            error,
            (settings, ct) => RunAsync(ServeCommand.HostArguments(settings), output, error, ct));

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
