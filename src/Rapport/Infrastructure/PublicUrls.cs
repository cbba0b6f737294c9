using Microsoft.Extensions.Options;

namespace Rapport.Infrastructure;

/// <summary>
/// Absolute links for people: the configured public URL, else the address of the current request,
/// else (on the command line) the address the server listens on.
/// </summary>
public sealed class PublicUrls(IHttpContextAccessor http, IOptions<RapportOptions> options, IConfiguration configuration)
{
    public string Base
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.PublicUrl))
            {
                return options.Value.PublicUrl.TrimEnd('/');
            }

            var request = http.HttpContext?.Request;
            return request is not null ? $"{request.Scheme}://{request.Host}{request.PathBase}" : ListeningUrl(configuration);
        }
    }

    public string CandidateLink(string token) => $"{Base}/c/{token}";

    public string SignInLink(string userId, string token) =>
        $"{Base}/account/welcome?user={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";

    private static string ListeningUrl(IConfiguration configuration)
    {
        var first = (configuration["urls"] is { Length: > 0 } urls ? urls : RapportWebApp.DefaultUrl).Split(';')[0].TrimEnd('/');
        foreach (var wildcard in new[] { "://*:", "://+:", "://0.0.0.0:", "://[::]:" })
        {
            first = first.Replace(wildcard, "://127.0.0.1:", StringComparison.Ordinal);
        }

        return first;
    }
}
