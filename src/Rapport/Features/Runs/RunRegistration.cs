using Rapport.Infrastructure;

namespace Rapport.Features.Runs;

public static class RunRegistration
{
    public static IServiceCollection AddCodeRuns(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = Settings.Read<SandboxSettings>(configuration, SandboxSettings.Section).Validated();
        services.AddSingleton(settings);
        // The real clock always: wall-time limits stop real programs, whatever clock the app's records use.
        services.AddSingleton(provider => new SandboxRuntime(settings, TimeProvider.System, provider.GetRequiredService<ILoggerFactory>()));

        if (settings.WorkersFile is not null)
        {
            services.AddHealthChecks().AddCheck<Workers.SandboxWorkersHealthCheck>("sandbox");
        }

        services.AddScoped<CodeRunner>();
        services.AddSingleton<Rooms.RoomRuns>();
        services.AddHostedService(provider => provider.GetRequiredService<Rooms.RoomRuns>());
        return services;
    }
}
