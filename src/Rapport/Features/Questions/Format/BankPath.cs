using Rapport.Infrastructure;

namespace Rapport.Features.Questions.Format;

/// <summary>
/// A bank file's path is where <c>bank export</c> writes it, on any system: it must be a plain
/// relative path of forward-slash parts that stays inside the bank folder. Checked on every way in
/// (a folder, an edit, a stored version) so no stored path can point anywhere else.
/// </summary>
public static class BankPath
{
    /// <summary>Why the path is refused, or null when it is a plain path inside the folder.</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0)
        {
            return "the path is empty.";
        }

        if (ShownText.HiddenCharacter(path) is { } hidden)
        {
            return $"the path contains a control character ({hidden}).";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "the path contains a backslash, which another system reads as a folder separator.";
        }

        if (path.StartsWith('/'))
        {
            return "the path is absolute; bank paths are relative to the bank folder.";
        }

        if (path.Contains(':', StringComparison.Ordinal))
        {
            return "the path contains ':', which Windows reads as a drive or a stream.";
        }

        foreach (var part in path.Split('/'))
        {
            var problem = part switch
            {
                "" => "the path has an empty part ('//' or a trailing '/').",
                "." or ".." => $"the path has a '{part}' part, which leaves its folder.",
                _ when part.StartsWith('.') => $"the part '{part}' starts with a dot (a hidden file or folder).",
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    public const string Fix = "rename the file or folder to plain names (letters, digits, '-' and '_'), inside questions/ or kits/.";
}
