namespace Rapport.Infrastructure;

/// <summary>
/// The request id and path on every log line written during a request, with candidate link
/// tokens cut out of the path: a link is a capability stored only as a hash, and it must not
/// turn up in plain text in the logs. (The host's own request scope, which would log the raw
/// path, is switched off in <see cref="RapportWebApp.AddRapportLogging"/>.)
/// </summary>
public static class RequestLogScope
{
    public static bool IsCandidateLink(PathString path) => path.StartsWithSegments("/c");

    public static string Redacted(PathString path) => IsCandidateLink(path) ? "/c/[link]" : path.Value ?? "/";

    public static IApplicationBuilder UseRequestLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Rapport.Requests");
        return app.Use(async (context, next) =>
        {
            using (logger.BeginScope(new Dictionary<string, object>
            {
                ["RequestId"] = context.TraceIdentifier,
                ["RequestMethod"] = context.Request.Method,
                ["RequestPath"] = Redacted(context.Request.Path),
            }))
            {
                await next(context);
            }
        });
    }
}
