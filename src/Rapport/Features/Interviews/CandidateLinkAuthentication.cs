using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Rapport.Features.Interviews;

/// <summary>
/// Authenticates a candidate by the link's token, sent as <c>Authorization: Bearer TOKEN</c>
/// (or, for hub connections over WebSockets, which cannot send headers, <c>?access_token=TOKEN</c>).
/// The principal carries the interview's id, and no staff role: everything a candidate may reach
/// is decided by that claim alone. It also names the link and when it expires, so that the room
/// can end the connections a link opened when it stops working (<see cref="ICandidateLinkListener"/>).
/// </summary>
public sealed class CandidateLinkAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IServiceScopeFactory scopes)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "CandidateLink";
    public const string InterviewClaim = "rapport:interview";
    public const string LinkClaim = "rapport:link";
    public const string LinkExpiresClaim = "rapport:link-expires";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        // The lookup gets a scope of its own: a hub connection keeps its request's scope for its
        // whole life, and a database context that has queried holds kilobytes of state in it.
        CandidateLinkLookup lookup;
        await using (var scope = scopes.CreateAsyncScope())
        {
            lookup = await scope.ServiceProvider.GetRequiredService<CandidateLinks>().FindAsync(token, Context.RequestAborted);
        }

        if (!lookup.IsActive)
        {
            return AuthenticateResult.Fail(lookup.State switch
            {
                CandidateLinkState.Expired => "This interview link has expired.",
                CandidateLinkState.Revoked => "This interview link has been replaced or withdrawn.",
                _ => "This interview link is not valid.",
            });
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(InterviewClaim, lookup.InterviewId.ToString()),
                new Claim(LinkClaim, lookup.LinkId.ToString()),
                new Claim(LinkExpiresClaim, lookup.ExpiresAt.UtcTicks.ToString(CultureInfo.InvariantCulture)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private string? ReadToken()
    {
        string? header = Request.Headers[HeaderNames.Authorization];
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return Request.Path.StartsWithSegments("/hubs") ? Request.Query["access_token"].FirstOrDefault() : null;
    }
}

public static class CandidatePrincipal
{
    /// <summary>The interview a candidate principal may see, or null for anyone else.</summary>
    public static Guid? InterviewId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(CandidateLinkAuthenticationHandler.InterviewClaim), out var id) ? id : null;

    /// <summary>The candidate link a candidate principal came with, and when it expires; null for anyone else.</summary>
    public static (Guid Id, DateTimeOffset ExpiresAt)? CandidateLink(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(CandidateLinkAuthenticationHandler.LinkClaim), out var id)
        && long.TryParse(user.FindFirstValue(CandidateLinkAuthenticationHandler.LinkExpiresClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
        && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? (id, new DateTimeOffset(ticks, TimeSpan.Zero))
            : null;
}
