using Rapport.Data;
using Rapport.Infrastructure;

namespace Rapport.Cli;

/// <summary>Runs a command against the same services as the server, with setting errors as one line.</summary>
internal static class HostForCommand
{
    // logsToStandardError: for a command whose standard output is data (an export's CSV), where no log line may land.
    public static async Task<int> RunAsync(TextWriter error, Func<IServiceProvider, Task<int>> command, CancellationToken ct, bool migrate = false, bool logsToStandardError = false)
    {
        try
        {
            List<string> settings = ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning"];
            if (logsToStandardError)
            {
                settings.Add("--Logging:Console:LogToStandardErrorThreshold=Trace");
            }

            var builder = RapportWebApp.CreateBuilder([.. settings]);
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
