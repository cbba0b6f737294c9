using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Rapport.Infrastructure;

/// <summary>
/// A request body that does not bind becomes a problem that names the field and says what it
/// should look like, instead of a bare 400.
/// </summary>
public sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        ProblemDetails problem = bad.InnerException is JsonException json
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Field(json)] = [Explain(json, FieldType(httpContext, Field(json)))] })
            {
                Title = "The request body could not be read; fix the field below.",
                Status = bad.StatusCode,
            }
            : new ProblemDetails { Title = "The request could not be read.", Detail = bad.Message, Status = bad.StatusCode };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string Field(JsonException json) =>
        json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";

    /// <summary>The declared type of the field in the endpoint's request contract, when the endpoint says what it accepts.</summary>
    private static Type? FieldType(HttpContext context, string field)
    {
        // The handler runs after the failed request's endpoint was cleared; the feature remembers it.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var contract = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        var property = contract?.GetProperties().FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
        return property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
    }

    private static string Explain(JsonException json, Type? type)
    {
        var expected = type switch
        {
            _ when type == typeof(DateTimeOffset) => "a date and time with its offset, like 2026-12-01T09:30:00+01:00",
            _ when type == typeof(int) => "a whole number",
            _ when type == typeof(string) => "a string",
            _ when type is not null && typeof(IEnumerable<string>).IsAssignableFrom(type) => "a list of strings, like [\"id1\", \"id2\"]",
            _ => "valid JSON of the type given in /openapi/v1.json",
        };
        return $"Expected {expected} (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}).";
    }
}
