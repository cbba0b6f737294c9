using Microsoft.AspNetCore.Identity;

namespace Rapport.Features.Accounts;

/// <summary>
/// Password sign-in that takes as long for an unknown email as for a known one, so response
/// times do not tell a stranger which emails have accounts.
/// </summary>
public sealed class StaffSignIn(SignInManager<AppUser> signIn, UserManager<AppUser> users)
{
    private static readonly AppUser Nobody = new() { DisplayName = "nobody", UserName = "nobody" };
    private static string? nobodysHash;

    public async Task<SignInResult> PasswordSignInAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            nobodysHash ??= users.PasswordHasher.HashPassword(Nobody, "no one has this password");
            users.PasswordHasher.VerifyHashedPassword(Nobody, nobodysHash, password);
            return SignInResult.Failed;
        }

        return await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
    }
}
