namespace Rapport.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>
    /// Headers on every response, error pages included (so they are set as the response starts:
    /// the exception handler clears headers set earlier). <c>Referrer-Policy: no-referrer</c>
    /// matters most: candidate links carry their capability in the path and must never leak to
    /// another site through Referer. Each response also names its request id, so a person can
    /// quote it and an operator find the logs.
    /// </summary>
    public const string StyleNonceKey = "rapport.style-nonce";

    /// <summary>
    /// A fresh nonce per response for style elements that script inserts (the code editor's), so
    /// the policy can stay free of 'unsafe-inline'.
    /// </summary>
    public static string StyleNonce(HttpContext context) => (string)context.Items[StyleNonceKey]!;

    /// <remarks>Not an async lambda: it would keep its frame for as long as a room's WebSocket request lasts.</remarks>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Items[StyleNonceKey] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["X-Request-Id"] = context.TraceIdentifier;
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Content-Security-Policy"] = $"default-src 'self'; img-src 'self' data:; style-src 'self' 'nonce-{StyleNonce(context)}'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            if (RequestLogScope.IsCandidateLink(context.Request.Path))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
