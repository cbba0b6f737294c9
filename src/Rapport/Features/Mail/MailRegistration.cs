using Microsoft.Extensions.Options;
using Rapport.Infrastructure;

namespace Rapport.Features.Mail;

public static class MailRegistration
{
    public static IServiceCollection AddRapportMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(Options.Create(Settings.Read<MailOptions>(configuration, MailOptions.Section).Validated()));
        services.AddScoped<MailOutbox>();
        services.AddSingleton<MailSender>();
        services.AddHostedService(provider => provider.GetRequiredService<MailSender>());
        return services;
    }
}
