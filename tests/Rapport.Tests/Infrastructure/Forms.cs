using System.Text.RegularExpressions;

namespace Rapport.Tests.Infrastructure;

/// <summary>Posts Blazor forms the way a browser does: the page's antiforgery token, the form's name, the fields.</summary>
public static partial class Forms
{
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string pagePath)
    {
        var html = await client.GetStringAsync(pagePath);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"{pagePath} has no antiforgery token");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts to <paramref name="path"/>, taking the token from <paramref name="tokenPage"/> (default: the same page).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string path, string? handler, Dictionary<string, string> fields, string? tokenPage = null)
    {
        var token = await client.AntiforgeryTokenAsync(tokenPage ?? path);
        return await client.PostFormWithTokenAsync(path, handler, fields, token);
    }

    public static Task<HttpResponseMessage> PostFormWithTokenAsync(
        this HttpClient client, string path, string? handler, IEnumerable<KeyValuePair<string, string>> fields, string token)
    {
        var all = new List<KeyValuePair<string, string>>(fields) { new("__RequestVerificationToken", token) };
        if (handler is not null)
        {
            all.Add(new("_handler", handler));
        }

        return client.PostAsync(path, new FormUrlEncodedContent(all));
    }

    /// <summary>Posts a form with a file, as a browser does for <c>enctype="multipart/form-data"</c>.</summary>
    public static Task<HttpResponseMessage> PostFileWithTokenAsync(
        this HttpClient client, string path, string handler, string field, string fileName, byte[] content, string? token)
    {
        var form = new MultipartFormDataContent();
        if (token is not null)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }

        form.Add(new StringContent(handler), "_handler");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, field, fileName);
        return client.PostAsync(path, form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
