using System.Text.Json;

namespace Rapport.Collab;

/// <summary>
/// Reads CodeMirror's JSON form of a change set. It accepts what <c>ChangeSet.fromJSON</c>
/// accepts from a well-behaved editor, and is stricter where the library would build a change
/// set that corrupts the document: negative or fractional lengths, and line breaks inside a line.
/// </summary>
internal static class ChangeSetJson
{
    public static ChangeSet Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidChangeSetException("$", $"not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    public static ChangeSet Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidChangeSetException("$", $"a ChangeSet's JSON must be an array, got {Describe(json)}.");
        }

        var sections = new int[json.GetArrayLength() * 2];
        var inserted = new List<string>();
        long total = 0;
        var i = 0;
        foreach (var part in json.EnumerateArray())
        {
            var path = $"$[{i}]";
            int len, ins;
            if (part.ValueKind == JsonValueKind.Number)
            {
                len = RequireLength(part, path, "a kept span's length");
                ins = -1;
            }
            else if (part.ValueKind == JsonValueKind.Array)
            {
                if (part.GetArrayLength() == 0)
                {
                    throw new InvalidChangeSetException(path, "an empty array; expected [n] to delete n units or [n, \"line\", ...] to replace them.");
                }

                len = RequireLength(part[0], $"{path}[0]", "a replaced span's length");
                if (part.GetArrayLength() == 1)
                {
                    ins = 0;
                }
                else
                {
                    var text = ReadLines(part, path);
                    while (inserted.Count < i)
                    {
                        inserted.Add("");
                    }

                    inserted.Add(text);
                    ins = text.Length;
                }
            }
            else
            {
                throw new InvalidChangeSetException(path, $"expected a number (units to keep) or an array (a replacement), got {Describe(part)}.");
            }

            total += len;
            if (total > int.MaxValue)
            {
                throw new InvalidChangeSetException(path, "the change set is longer than any document can be.");
            }

            sections[i * 2] = len;
            sections[(i * 2) + 1] = ins;
            i++;
        }

        return ChangeSet.Create(sections, [.. inserted]);
    }

    public static ChangeSet RequireLength(ChangeSet changes, int documentLength)
    {
        if (changes.Length != documentLength)
        {
            throw new InvalidChangeSetException("$", $"its spans add up to {changes.Length} UTF-16 units, but the document is {documentLength} units long.");
        }

        return changes;
    }

    /// <summary>A non-negative integer that fits in an int; <c>3.0</c> and <c>3e0</c> count, as they do in JavaScript.</summary>
    public static bool TryGetLength(JsonElement element, out int value)
    {
        value = 0;
        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (element.TryGetInt32(out value))
        {
            return value >= 0;
        }

        if (element.TryGetDouble(out var number) && number >= 0 && number <= int.MaxValue && Math.Floor(number) == number)
        {
            value = (int)number;
            return true;
        }

        return false;
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => element.GetRawText(),
        JsonValueKind.String => Truncate(element.GetRawText()),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => element.ValueKind.ToString(),
    };

    private static int RequireLength(JsonElement element, string path, string what)
    {
        if (!TryGetLength(element, out var value))
        {
            throw new InvalidChangeSetException(path, $"{what} must be a non-negative integer, got {Describe(element)}.");
        }

        return value;
    }

    private static string ReadLines(JsonElement part, string path)
    {
        var lines = new string[part.GetArrayLength() - 1];
        for (var j = 1; j < part.GetArrayLength(); j++)
        {
            var line = part[j];
            var linePath = $"{path}[{j}]";
            if (line.ValueKind != JsonValueKind.String)
            {
                throw new InvalidChangeSetException(linePath, $"a line of inserted text must be a string, got {Describe(line)}.");
            }

            string text;
            try
            {
                text = line.GetString()!;
            }
            catch (InvalidOperationException e)
            {
                // A lone surrogate: System.Text.Json cannot represent it, and no editor position splits a pair.
                throw new InvalidChangeSetException(linePath, "a line of inserted text is not valid UTF-16 (a lone surrogate).", e);
            }

            // CodeMirror would keep such a line as one line whose length counts the break, which no
            // editor produces and which makes the server's text disagree with a freshly loaded client.
            if (text.AsSpan().IndexOfAny('\n', '\r') >= 0)
            {
                throw new InvalidChangeSetException(linePath, "a line of inserted text must not contain a line break; send each line as its own string.");
            }

            lines[j - 1] = text;
        }

        return string.Join('\n', lines);
    }

    private static string Truncate(string raw) => raw.Length <= 40 ? raw : string.Concat(raw.AsSpan(0, 37), "...");
}
