namespace Rapport.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>
    /// Headers on every response. <c>Referrer-Policy: no-referrer</c> matters most: candidate links
    /// carry their capability in the path and must never leak to another site through Referer.
    /// Each response also names its request id, so a person can quote it and an operator find the logs.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers["X-Request-Id"] = context.TraceIdentifier;
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["X-Frame-Options"] = "DENY";
        headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
        await next(context);
    });
}
