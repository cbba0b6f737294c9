using Rapport.Infrastructure;

namespace Rapport.Features.Runs.Workers;

/// <summary>
/// <c>rapport sandbox serve</c>'s host: the machine's sandbox behind <see cref="WorkerEndpoints"/>,
/// and nothing else (no database, no pages, no accounts). The <c>Sandbox</c> settings are the ones
/// <c>rapport serve</c> reads; <c>Sandbox:WorkerSecret</c> is required.
/// </summary>
public static class SandboxWorkerApp
{
    public const string DefaultUrl = "http://127.0.0.1:5090";

    public static WebApplication Build(string[] args)
    {
        var builder = RapportWebApp.NewBuilder(args, DefaultUrl, slim: true);

        var settings = Settings.Read<SandboxSettings>(builder.Configuration, SandboxSettings.Section).Validated();
        if (settings.WorkersFile is not null)
        {
            throw new InvalidSettingException($"{SandboxSettings.Section}:{nameof(SandboxSettings.WorkersFile)}", "is for web nodes, which send runs to workers; a worker runs code itself. Unset it here.");
        }

        if (!settings.Enabled)
        {
            throw new InvalidSettingException($"{SandboxSettings.Section}:{nameof(SandboxSettings.Enabled)}", "is false, so this worker could run nothing; unset it, or stop the worker.");
        }

        SandboxSettings.CheckSecret(settings.WorkerSecret, "serving as a sandbox worker");
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new SandboxRuntime(settings, TimeProvider.System));
        builder.Services.AddSingleton(new WorkerSignature(settings.WorkerSecret!, TimeProvider.System));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = WorkerProtocol.MaxRequestBytes);
        // Runs going on when the worker is told to stop get the same window to finish as a web node's requests.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = Cli.RapportCommandLine.GracefulStop);

        var app = builder.Build();
        app.MapSandboxWorker();
        return app;
    }
}
