using System.Text;

namespace Rapport.Features.Questions.Format;

/// <summary>Reads a bank folder from disk: signals.yaml, language-check.yaml, questions/**/*.md, kits/**/*.yaml.</summary>
public static class BankFolder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static BankReading Read(string directory)
    {
        var problems = new List<BankProblem>();
        if (!Directory.Exists(directory))
        {
            return new BankReading(null, [new BankProblem(directory, 0, 0, Severity.Error, $"there is no folder '{directory}'.", "give the path of a bank folder (one with questions/ and kits/).")]);
        }

        var files = new List<BankFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            // Only this system's own separator becomes '/': on Linux a backslash is part of a file
            // name, and BankPath refuses it rather than let it turn into a folder on export.
            var relative = Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!IsBankFile(relative))
            {
                if (relative.StartsWith("questions/", StringComparison.Ordinal) || relative.StartsWith("kits/", StringComparison.Ordinal))
                {
                    problems.Add(new BankProblem(relative, 1, 1, Severity.Warning, "this file is not read: questions are .md files and kits are .yaml files.", "rename it, or move it out of the bank folder."));
                }

                continue;
            }

            if (ReadText(path, relative, problems) is { } text)
            {
                files.Add(new BankFile(relative, text));
            }
        }

        if (!files.Any(f => f.Path.StartsWith("questions/", StringComparison.Ordinal)) && !problems.Any(p => p.Severity == Severity.Error))
        {
            problems.Add(new BankProblem(directory, 0, 0, Severity.Error, "the folder has no questions/ with .md files.", "point at the bank folder itself (the one holding questions/ and kits/)."));
        }

        return BankCheck.Check(files, problems);
    }

    public static bool IsBankFile(string relative) =>
        relative == SignalCatalog.FileName
        || relative == LanguageCheckList.FileName
        || (relative.StartsWith("questions/", StringComparison.Ordinal) && relative.EndsWith(".md", StringComparison.Ordinal))
        || (relative.StartsWith("kits/", StringComparison.Ordinal) && (relative.EndsWith(".yaml", StringComparison.Ordinal) || relative.EndsWith(".yml", StringComparison.Ordinal)));

    /// <summary>The text of a file, with line endings made \n; null (and a problem) if too large or not UTF-8.</summary>
    public static string? ReadText(string path, string relative, List<BankProblem> problems)
    {
        var size = new FileInfo(path).Length;
        if (size > BankVocabulary.MaxFileBytes)
        {
            problems.Add(new BankProblem(relative, 1, 1, Severity.Error, $"the file is {size / (1024.0 * 1024.0):0.0} MB; a bank file may be at most {BankVocabulary.MaxFileBytes / (1024 * 1024)} MB.", "split it, or move large data out of the question."));
            return null;
        }

        return Decode(File.ReadAllBytes(path), relative, problems);
    }

    public static string? Decode(byte[] bytes, string relative, List<BankProblem> problems)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return Normalize(text);
        }
        catch (DecoderFallbackException e)
        {
            var offset = Math.Max(0, e.Index);
            var before = bytes.AsSpan(0, Math.Min(offset, bytes.Length));
            var line = before.Count((byte)'\n') + 1;
            var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
            problems.Add(new BankProblem(relative, line, column, Severity.Error, $"the file is not UTF-8 (byte {offset} is not valid).", "save the file as UTF-8 in your editor."));
            return null;
        }
    }

    /// <summary>Same text whatever the checkout's line endings or byte-order mark, so they create no new version.</summary>
    public static string Normalize(string text) => text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
}
