using Rapport.Data;
using Rapport.Infrastructure;

namespace Rapport.Cli;

/// <summary>Runs a command against the same services as the server, with setting errors as one line.</summary>
internal static class HostForCommand
{
    public static async Task<int> RunAsync(string[] hostArgs, TextWriter error, Func<IServiceProvider, Task<int>> command, bool prepareStorage = true)
    {
        try
        {
            var builder = RapportWebApp.CreateBuilder(["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning", .. hostArgs]);
            await using var app = builder.Build();
            if (prepareStorage)
            {
                await StorageStartup.PrepareAsync(app.Services, CancellationToken.None);
            }

            return await command(app.Services);
        }
        catch (InvalidSettingException e)
        {
            await error.WriteLineAsync($"rapport: {e.Message}");
            return 1;
        }
    }
}
