using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Infrastructure;

namespace Rapport.Features.Accounts;

public sealed record NewStaffAccount(string? Email, string? DisplayName, string? Role, string? Password = null);

/// <summary>The created account and, when no password was given, its one-time sign-in link; or the problems, by field.</summary>
public sealed record AccountOutcome(AppUser? User, string? SignInLink, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => User is not null;

    public bool IsDuplicate { get; init; }
}

/// <summary>Creates staff accounts: from the admin's invite page, the API and <c>rapport admin create-user</c>.</summary>
public sealed class StaffAccounts(UserManager<AppUser> users, AppDbContext db, Audit.AuditTrail audit, PublicUrls urls, TimeProvider time)
{
    public const int MaxDisplayNameLength = 100;

    public async Task<AccountOutcome> CreateAsync(NewStaffAccount account, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var email = account.Email?.Trim() ?? "";
        var name = account.DisplayName?.Trim() ?? "";
        if (email.Length is 0 or > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors["email"] = [$"Email '{email}' is not an email address; write it as name@example.com."];
        }

        if (name.Length is 0 or > MaxDisplayNameLength)
        {
            errors["displayName"] = [$"Display name is required, up to {MaxDisplayNameLength} characters on one line."];
        }
        else if (ShownText.NameProblem(name, "Display name") is { } hidden)
        {
            errors["displayName"] = [hidden];
        }

        if (!StaffRoles.IsKnown(account.Role))
        {
            errors["role"] = [$"Role '{account.Role}' is not a staff role; use one of {string.Join(", ", StaffRoles.All)}."];
        }

        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = time.GetUtcNow() };
        if (account.Password is not null)
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, account.Password);
                if (!result.Succeeded)
                {
                    errors["password"] = [.. result.Errors.Select(e => e.Description)];
                }
            }
        }

        if (errors.Count == 0 && await users.FindByEmailAsync(email) is not null)
        {
            return new AccountOutcome(null, null, new Dictionary<string, string[]> { ["email"] = [$"A user with the email {email} already exists."] }) { IsDuplicate = true };
        }

        if (errors.Count > 0)
        {
            return new AccountOutcome(null, null, errors);
        }

        // UserManager saves after each step; one transaction keeps a user from existing without a role.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = account.Password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, account.Password);
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, account.Role!);
        }

        if (!created.Succeeded)
        {
            return new AccountOutcome(null, null, new Dictionary<string, string[]> { ["email"] = [.. created.Errors.Select(e => e.Description)] });
        }

        // The invitation's link is password material: the log says only that one was made.
        audit.Record(Audit.AuditKinds.PersonInvited, $"{name} ({email}) was given an account as {account.Role}{(account.Password is null ? ", with a one-time sign-in link" : "")}.", personId: user.Id);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var link = account.Password is null ? await SignInLinkAsync(user) : null;
        return new AccountOutcome(user, link, errors);
    }

    /// <summary>
    /// A link that lets the user choose a password once. It is a password-reset token: it stops
    /// working when the password changes, and after the token lifespan.
    /// </summary>
    /// <summary>A fresh sign-in link an admin asked for, written to the audit log (the link itself is not).</summary>
    public async Task<string> IssueSignInLinkAsync(AppUser user, CancellationToken ct)
    {
        var link = await SignInLinkAsync(user);
        audit.Record(Audit.AuditKinds.SignInLinkIssued, $"A new one-time sign-in link was made for {user.DisplayName}.", personId: user.Id);
        await db.SaveChangesAsync(ct);
        return link;
    }

    public async Task<string> SignInLinkAsync(AppUser user) =>
        urls.SignInLink(user.Id, await users.GeneratePasswordResetTokenAsync(user));

    /// <summary>On first start there is no admin who can sign in: create one (or renew the link) and return the link to print.</summary>
    public async Task<string?> EnsureFirstAdminAsync(string email, CancellationToken ct)
    {
        var admins = await users.GetUsersInRoleAsync(StaffRoles.Admin);
        if (admins.Any(a => a.PasswordHash is not null))
        {
            return null;
        }

        var pending = admins.FirstOrDefault();
        if (pending is not null)
        {
            return await SignInLinkAsync(pending);
        }

        AccountOutcome? outcome = null;
        try
        {
            outcome = await CreateAsync(new NewStaffAccount(email, "Admin", StaffRoles.Admin), ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
        }

        if (outcome is { Succeeded: true })
        {
            return outcome.SignInLink;
        }

        // Another node of a cluster created the first admin at the same moment (its user and role
        // commit together): print a link for that account.
        if (await users.FindByEmailAsync(email.Trim()) is { } theirs && await users.IsInRoleAsync(theirs, StaffRoles.Admin))
        {
            return theirs.PasswordHash is null ? await SignInLinkAsync(theirs) : null;
        }

        throw new InvalidSettingException($"{RapportOptions.Section}:FirstAdminEmail", string.Join(" ", outcome?.Errors.Values.SelectMany(e => e) ?? ["It could not be created."]));
    }

    public Task<AppUser?> FindByEmailAsync(string email) => users.FindByEmailAsync(email.Trim());

    public Task<AppUser?> FindByIdAsync(string id) => users.FindByIdAsync(id);

    public IQueryable<AppUser> Staff => db.Users.AsNoTracking().OrderBy(u => u.DisplayName);
}
