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
            using (logger.BeginScope(new RequestScope(context.TraceIdentifier, context.Request.Method, Redacted(context.Request.Path))))
            {
                await next(context);
            }
        });
    }

    /// <summary>
    /// The scope's three values as log providers read them (name and value pairs), and as one line
    /// for those that print a scope as text. Three fields rather than a dictionary: a room's
    /// WebSocket request keeps its scope for the whole interview.
    /// </summary>
    private sealed class RequestScope(string id, string method, string path) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public int Count => 3;

        public KeyValuePair<string, object> this[int index] => index switch
        {
            0 => new("RequestId", id),
            1 => new("RequestMethod", method),
            2 => new("RequestPath", path),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"RequestId:{id} RequestMethod:{method} RequestPath:{path}";
    }
}
