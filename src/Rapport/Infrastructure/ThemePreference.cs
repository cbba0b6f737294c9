using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Rapport.Infrastructure;

/// <summary>
/// Light, dark or the system's choice, kept in a cookie so that it works without script and for
/// candidates, who have no account.
/// </summary>
public static class ThemePreference
{
    public const string Cookie = "rapport.theme";
    public static readonly IReadOnlyList<string> Themes = ["system", "light", "dark"];

    public static string Current(HttpContext? context) =>
        context?.Request.Cookies[Cookie] is { } theme && Themes.Contains(theme) ? theme : "system";

    public static IEndpointRouteBuilder MapThemePreference(this IEndpointRouteBuilder app)
    {
        app.MapPost("/preferences/theme", ChooseTheme).ExcludeFromDescription();
        return app;
    }

    public static Results<RedirectHttpResult, BadRequest<string>> ChooseTheme(
        [FromForm] string? theme, [FromForm] string? returnUrl, HttpContext context)
    {
        if (theme is null || !Themes.Contains(theme))
        {
            return TypedResults.BadRequest($"theme must be one of {string.Join(", ", Themes)}.");
        }

        context.Response.Cookies.Append(Cookie, theme, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
        });
        return TypedResults.LocalRedirect(LocalUrl.OrHome(returnUrl));
    }
}
