namespace Rapport.Infrastructure;

/// <summary>
/// Staff API writes are authenticated by the session cookie. A browser sends a cross-site form
/// post with that cookie, but never a cross-site <c>application/json</c> post without asking
/// first (CORS is off), so requiring JSON closes the door on cross-site request forgery, even
/// for posts that carry no data.
/// </summary>
public sealed class RequireJsonBody : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if ((HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)) && !request.HasJsonContentType())
        {
            return TypedResults.Problem(
                title: "Send this request as JSON.",
                detail: "Set Content-Type: application/json (an empty object {} will do when there is nothing to send).",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        return await next(context);
    }
}
