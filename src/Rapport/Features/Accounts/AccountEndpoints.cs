using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Infrastructure;

namespace Rapport.Features.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post from the layout; its antiforgery token is required (AntiforgeryRequired).
        app.MapPost("/account/logout", SignOutAsync)
            .RequireAuthorization(Policies.Staff)
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();

        var users = app.MapGroup("/api/users").RequireAuthorization(Policies.Admin).AddEndpointFilter<RequireJsonBody>().WithTags("Users");
        users.MapGet("/", ListStaffAsync);
        users.MapPost("/", InviteStaffAsync);
        users.MapPost("/{id}/sign-in-link", IssueSignInLinkAsync);
        return app;
    }

    /// <summary>
    /// Signs out everywhere: a new security stamp ends every session of the account, so a cookie
    /// copied from this browser (or left signed in on another) stops working at once.
    /// </summary>
    public static async Task<RedirectHttpResult> SignOutAsync(HttpContext context, SignInManager<AppUser> signIn, UserManager<AppUser> users)
    {
        if (await users.GetUserAsync(context.User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }

    public static async Task<Ok<List<StaffUserResponse>>> ListStaffAsync(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await StaffListAsync(db, ct));

    public static async Task<Results<Created<InvitedStaffResponse>, ValidationProblem, Conflict<ProblemDetails>>> InviteStaffAsync(
        InviteStaffRequest request, StaffAccounts accounts, CancellationToken ct)
    {
        var outcome = await accounts.CreateAsync(new NewStaffAccount(request.Email, request.DisplayName, request.Role), ct);
        if (outcome.IsDuplicate)
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "That person already has an account.",
                Detail = outcome.Errors["email"][0],
            });
        }

        if (!outcome.Succeeded)
        {
            return TypedResults.ValidationProblem(outcome.Errors, title: "The invitation was not sent; fix the fields below.");
        }

        var user = outcome.User!;
        var response = new InvitedStaffResponse(
            new StaffUserResponse(user.Id, user.Email!, user.DisplayName, [request.Role!], HasSignedIn: false),
            outcome.SignInLink!);
        return TypedResults.Created($"/api/users/{user.Id}", response);
    }

    /// <summary>A fresh one-time link: for an invitation that lapsed, a forgotten password or a locked account.</summary>
    public static async Task<Results<Ok<SignInLinkResponse>, NotFound>> IssueSignInLinkAsync(string id, StaffAccounts accounts, CancellationToken ct)
    {
        var user = await accounts.FindByIdAsync(id);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(new SignInLinkResponse(await accounts.IssueSignInLinkAsync(user, ct)));
    }

    public static async Task<List<StaffUserResponse>> StaffListAsync(AppDbContext db, CancellationToken ct)
    {
        var rows = await (
            from user in db.Users
            join userRole in db.UserRoles on user.Id equals userRole.UserId into userRoles
            from userRole in userRoles.DefaultIfEmpty()
            join role in db.Roles on userRole.RoleId equals role.Id into roles
            from role in roles.DefaultIfEmpty()
            select new { user.Id, user.Email, user.DisplayName, HasPassword = user.PasswordHash != null, Role = role == null ? null : role.Name })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.Id)
            .Select(g => new StaffUserResponse(
                g.Key,
                g.First().Email ?? "",
                g.First().DisplayName,
                [.. g.Select(r => r.Role).OfType<string>().Order(StringComparer.Ordinal)],
                g.First().HasPassword))
            .OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase)];
    }
}
