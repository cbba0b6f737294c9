using System.CommandLine;
using Rapport.Features.Accounts;

namespace Rapport.Cli;

internal static class AdminCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var email = new Option<string>("--email") { Description = "The person's email; it is also their sign-in name.", Required = true };
        var name = new Option<string>("--name") { Description = "Name shown to colleagues and candidates.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", StaffRoles.All)}.", DefaultValueFactory = _ => StaffRoles.Interviewer };
        role.AcceptOnlyFromAmong([.. StaffRoles.All]);
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of printing a one-time sign-in link." };
        var createUser = new Command("create-user", "Create a staff account and print its one-time sign-in link.") { email, name, role, passwordStdin };
        createUser.SetAction(async (parsed, ct) =>
        {
            string? password = null;
            if (parsed.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n');
                if (string.IsNullOrEmpty(password))
                {
                    await error.WriteLineAsync("rapport: --password-stdin: standard input was empty; pipe the password in, or leave the option out to get a sign-in link.");
                    return RapportCommandLine.UsageError;
                }
            }

            return await HostForCommand.RunAsync(error, services => CreateUserAsync(services, new NewStaffAccount(parsed.GetValue(email), parsed.GetValue(name), parsed.GetValue(role), password), output, error, ct), ct);
        });

        var signInEmail = new Option<string>("--email") { Description = "The email of the account.", Required = true };
        var signInLink = new Command("sign-in-link", "Print a new one-time sign-in link for an account (a lapsed invitation, a forgotten password).") { signInEmail };
        signInLink.SetAction((parsed, ct) => HostForCommand.RunAsync(error, services => NewSignInLinkAsync(services, parsed.GetValue(signInEmail)!, output, error), ct));

        return new Command("admin", "Manage staff accounts.") { createUser, signInLink };
    }

    private static async Task<int> CreateUserAsync(IServiceProvider services, NewStaffAccount account, TextWriter output, TextWriter error, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateAsync(account, ct);
        if (!outcome.Succeeded)
        {
            // One line, the options named as typed.
            var problems = outcome.Errors.Select(e => $"--{(e.Key == "displayName" ? "name" : e.Key)}: {string.Join(" ", e.Value)}");
            await error.WriteLineAsync($"rapport: {string.Join("; ", problems)}");
            return outcome.IsDuplicate ? 1 : RapportCommandLine.UsageError;
        }

        await output.WriteLineAsync($"Created {outcome.User!.Email} ({account.Role}).");
        if (outcome.SignInLink is { } link)
        {
            await output.WriteLineAsync($"One-time sign-in link (valid 3 days): {link}");
        }

        return 0;
    }

    private static async Task<int> NewSignInLinkAsync(IServiceProvider services, string email, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        if (await accounts.FindByEmailAsync(email) is not { } user)
        {
            await error.WriteLineAsync($"rapport: --email: no account has the email {email}; create one with 'rapport admin create-user'.");
            return 1;
        }

        await output.WriteLineAsync($"One-time sign-in link for {user.Email} (valid 3 days; choosing a password there replaces the old one): {await accounts.SignInLinkAsync(user)}");
        return 0;
    }
}
