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
        createUser.SetAction((parsed, ct) => HostForCommand.RunAsync([], error, async services =>
        {
            var password = parsed.GetValue(passwordStdin) ? (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') : null;
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
            var outcome = await accounts.CreateAsync(new NewStaffAccount(parsed.GetValue(email), parsed.GetValue(name), parsed.GetValue(role), password), ct);
            if (!outcome.Succeeded)
            {
                foreach (var (field, messages) in outcome.Errors)
                {
                    await error.WriteLineAsync($"rapport: --{(field == "displayName" ? "name" : field)}: {string.Join(" ", messages)}");
                }

                return 1;
            }

            await output.WriteLineAsync($"Created {outcome.User!.Email} ({parsed.GetValue(role)}).");
            if (outcome.SignInLink is { } link)
            {
                await output.WriteLineAsync($"One-time sign-in link (valid 3 days): {link}");
            }

            return 0;
        }));

        return new Command("admin", "Manage staff accounts.") { createUser };
    }
}
