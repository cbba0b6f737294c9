using Rapport.Data;
using Rapport.Infrastructure;

namespace Rapport.Cli;

/// <summary>Runs a command against the same services as the server, with setting errors as one line.</summary>
internal static class HostForCommand
{
    public static async Task<int> RunAsync(TextWriter error, Func<IServiceProvider, Task<int>> command, CancellationToken ct, bool migrate = false)
    {
        try
        {
            // Log lines go to standard error: standard output is the command's own (an export writes its CSV there).
            var builder = RapportWebApp.CreateBuilder([
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning",
                "--Logging:Console:LogToStandardErrorThreshold=Trace",
            ]);
            await using var app = builder.Build();
            await StorageStartup.PrepareAsync(app.Services, ct, migrate ? true : null);

            return await command(app.Services);
        }
        catch (InvalidSettingException e)
        {
            await error.WriteLineAsync($"rapport: {e.Message}");
            return 1;
        }
    }
}
