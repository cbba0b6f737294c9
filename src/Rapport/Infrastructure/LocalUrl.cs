namespace Rapport.Infrastructure;

public static class LocalUrl
{
    /// <summary>The URL if it stays on this site, else "/": a return URL must never send a person elsewhere.</summary>
    public static string OrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : "/";
}
