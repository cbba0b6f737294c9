using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Rapport.Features.Accounts;

/// <summary>
/// A session cookie is checked against the account's security stamp on every request: signing out
/// or a new password changes the stamp, so every copy of the old cookie stops working at once, not
/// at Identity's next periodic check (every 30 minutes), which still refreshes the roles in the
/// cookie. Both run in a scope of their own. Identity resolves its validator,
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
            // One lookup of the account by id: the stamp in the cookie must still be the account's.
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
            if (context.Principal is null || await signIn.ValidateSecurityStampAsync(context.Principal) is null)
            {
                context.RejectPrincipal();
                await http.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }

            await SecurityStampValidator.ValidatePrincipalAsync(context);
        }
        finally
        {
            http.RequestServices = requestServices;
        }
    }
}
