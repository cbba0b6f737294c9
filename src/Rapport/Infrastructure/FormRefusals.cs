using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Metadata;

namespace Rapport.Infrastructure;

/// <summary>
/// How large a form upload may be, and what to do with a larger file: the server refuses a
/// request over <see cref="MaxRequestBodySize"/> before any page runs, so this says why in a page
/// of its own (<see cref="FormRefusals"/>) instead of a bare status.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class UploadLimitAttribute(long maximumFileBytes, string largerFiles) : Attribute, IRequestSizeLimitMetadata
{
    /// <summary>The file limit the page states and checks.</summary>
    public long MaximumFileBytes { get; } = maximumFileBytes;

    /// <summary>What to do with a larger file (a command to run, say).</summary>
    public string LargerFiles { get; } = largerFiles;

    /// <summary>
    /// Somewhat over the file limit, so a file a little too large still reaches the page and gets
    /// its message there; beyond this the request is refused unread.
    /// </summary>
    public long? MaxRequestBodySize => (MaximumFileBytes * 3) + (1024 * 1024);

    public string TooLarge(long bytes) =>
        $"The file is {bytes / (1024.0 * 1024):0.0} MB, more than the {MaximumFileBytes / (1024 * 1024)} MB the upload takes. {LargerFiles}";
}

/// <summary>
/// Form posts refused before any page or handler runs get a page that says why, never a bare
/// status: an upload over its <see cref="UploadLimitAttribute"/> (413), and a post without a valid
/// antiforgery token to any endpoint that asks for one (400). ASP.NET Core's antiforgery middleware
/// only records its verdict, which form binding and Blazor forms read; an endpoint that binds no
/// form (signing out) would otherwise run without a token.
/// </summary>
public static class FormRefusals
{
    /// <summary>Before <c>UseAntiforgery</c>: reading an oversized form to find its token is what it must not do.</summary>
    /// <remarks>
    /// Not an async lambda, here and below: one that awaits <c>next</c> keeps its frame for as
    /// long as the request lasts, and a room's WebSocket request lasts the whole interview.
    /// </remarks>
    public static IApplicationBuilder UseUploadLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<UploadLimitAttribute>() is { } limit
            && context.Request.ContentLength is { } length && length > limit.MaxRequestBodySize)
        {
            // Nobody reads the body: the connection is closed after this answer rather than drained.
            context.Response.Headers.Connection = "close";
            return WritePageAsync(context, StatusCodes.Status413PayloadTooLarge, "That file is too large", limit.TooLarge(length));
        }

        return next(context);
    });

    /// <summary>After <c>UseAntiforgery</c>.</summary>
    public static IApplicationBuilder UseAntiforgeryRequired(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } validation
            && context.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true })
        {
            if (Innermost(validation.Error) is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                && context.GetEndpoint()?.Metadata.GetMetadata<UploadLimitAttribute>() is { } limit)
            {
                // A body without a declared length that turned out too large.
                return WritePageAsync(context, StatusCodes.Status413PayloadTooLarge, "That file is too large", limit.TooLarge(limit.MaxRequestBodySize ?? 0));
            }

            return WritePageAsync(
                context,
                StatusCodes.Status400BadRequest,
                "This form could not be accepted",
                "It came without a valid antiforgery token: the page may be too old (or from before you signed in again), or the form was sent from another site. Open the form again and send it from there.");
        }

        return next(context);
    });

    private static Exception? Innermost(Exception? exception)
    {
        while (exception?.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    private static async Task WritePageAsync(HttpContext context, int status, string title, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} · Rapport</title></head>
            <body><main><h1>{WebUtility.HtmlEncode(title)}</h1><p role="alert">{WebUtility.HtmlEncode(message)}</p><p><a href="{WebUtility.HtmlEncode(context.Request.PathBase + context.Request.Path)}">Back to the form</a> · <a href="/">Rapport</a></p></main></body></html>
            """,
            context.RequestAborted);
    }
}
