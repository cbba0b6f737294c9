using Microsoft.Extensions.Options;
using Rapport.Infrastructure;

namespace Rapport.Features.Feedback;

public static class FeedbackRegistration
{
    public static IServiceCollection AddRapportFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        // Read and checked at start, like every setting: a bad value stops the start with its name.
        services.AddSingleton(Options.Create(Settings.Read<FeedbackOptions>(configuration, FeedbackOptions.Section).Validated()));
        services.AddScoped<FeedbackDrafter>();
        services.AddScoped<FeedbackMail>();
        services.AddScoped<FeedbackDesk>();
        services.AddScoped<LostLinks>();
        services.AddSingleton<LostLinkLimits>();
        return services;
    }
}
