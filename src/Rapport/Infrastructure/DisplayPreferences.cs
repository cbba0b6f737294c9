using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Rapport.Infrastructure;

/// <summary>
/// Text size, contrast and motion, kept in a session cookie: candidates have no account, and an
/// accommodation should not need one. Applied as attributes on the page's root element.
/// </summary>
public sealed record DisplayPreferences(string TextSize, string Contrast, string Motion)
{
    public const string Cookie = "rapport.display";
    public static readonly IReadOnlyList<string> TextSizes = ["normal", "large", "larger"];
    public static readonly IReadOnlyList<string> Contrasts = ["normal", "high"];
    public static readonly IReadOnlyList<string> Motions = ["normal", "reduced"];
    public static readonly DisplayPreferences Default = new("normal", "normal", "normal");

    public static DisplayPreferences Current(HttpContext? context)
    {
        var parts = context?.Request.Cookies[Cookie]?.Split('.') ?? [];
        return parts.Length == 3 && TextSizes.Contains(parts[0]) && Contrasts.Contains(parts[1]) && Motions.Contains(parts[2])
            ? new DisplayPreferences(parts[0], parts[1], parts[2])
            : Default;
    }
}

/// <summary>The form post that saves <see cref="DisplayPreferences"/>.</summary>
public static class DisplayPreferenceEndpoints
{
    public static IEndpointRouteBuilder MapDisplayPreferences(this IEndpointRouteBuilder app)
    {
        app.MapPost("/preferences/display", Choose).ExcludeFromDescription();
        return app;
    }

    public static Results<RedirectHttpResult, BadRequest<string>> Choose(
        [FromForm] string? textSize, [FromForm] string? contrast, [FromForm] string? motion, [FromForm] string? returnUrl, HttpContext context)
    {
        if (textSize is null || contrast is null || motion is null || !DisplayPreferences.TextSizes.Contains(textSize) || !DisplayPreferences.Contrasts.Contains(contrast) || !DisplayPreferences.Motions.Contains(motion))
        {
            return TypedResults.BadRequest($"textSize must be one of {string.Join(", ", DisplayPreferences.TextSizes)}; contrast one of {string.Join(", ", DisplayPreferences.Contrasts)}; motion one of {string.Join(", ", DisplayPreferences.Motions)}.");
        }

        // No MaxAge: a session cookie, gone when the browser closes.
        context.Response.Cookies.Append(DisplayPreferences.Cookie, $"{textSize}.{contrast}.{motion}", new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
        });
        return TypedResults.LocalRedirect(LocalUrl.OrHome(returnUrl));
    }
}
