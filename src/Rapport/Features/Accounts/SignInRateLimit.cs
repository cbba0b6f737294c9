using System.Threading.RateLimiting;

namespace Rapport.Features.Accounts;

/// <summary>
/// Lockout protects one account from guessing; this protects all of them from one address
/// trying many: at most <see cref="AttemptsPerMinute"/> sign-in posts a minute per client address.
/// </summary>
public static class SignInRateLimit
{
    public const int AttemptsPerMinute = 20;

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (context, ct) =>
        {
            context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
            await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address. Wait a minute, then try again.", ct);
        };
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = AttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(""));
    });
}
