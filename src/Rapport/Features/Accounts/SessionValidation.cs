using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Rapport.Features.Accounts;

/// <summary>
/// Identity's check of a session cookie against the account's security stamp (sign-out
/// everywhere, a disabled account), run in a scope of its own. Identity resolves its validator,
/// and with it the user manager and a database context, from the request's services on every
/// request, and a hub connection keeps its request's services for its whole life: every open
/// room would hold them.
/// </summary>
public static class SessionValidation
{
    public static async Task ValidateInOwnScopeAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var requestServices = http.RequestServices;
        await using var scope = requestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        http.RequestServices = scope.ServiceProvider;
        try
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        }
        finally
        {
            http.RequestServices = requestServices;
        }
    }
}
