using System.Text;

namespace Rapport.Stats.Ratings;

/// <summary>
/// Reads RFC 4180 records one at a time from a text stream: fields separated by commas, quoted
/// with double quotes when they contain commas, quotes (doubled) or line breaks. Tracks the line
/// each record starts on, so every problem can name it. Never holds more than one record.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private readonly StringBuilder field = new();
    private int line = 1;
    private bool atEnd;

    /// <summary>
    /// Reads the next record into <paramref name="fields"/>. Returns false at the end of the
    /// input. A malformed record sets <paramref name="error"/> and is skipped to its line's end.
    /// </summary>
    public bool TryRead(List<string> fields, out int startLine, out string? error)
    {
        fields.Clear();
        error = null;
        startLine = line;
        if (atEnd || reader.Peek() < 0)
        {
            atEnd = true;
            return false;
        }

        while (true)
        {
            field.Clear();
            var next = reader.Peek();
            if (next == '"')
            {
                reader.Read();
                if (!ReadQuoted(out error))
                {
                    SkipLine();
                    return true;
                }

                next = reader.Peek();
                if (next is not (',' or '\r' or '\n' or -1))
                {
                    error = $"A quoted value is followed by '{(char)next}' before the next comma. Inside quotes, write a quote as two quotes (\"\"), and put nothing between the closing quote and the comma.";
                    SkipLine();
                    return true;
                }
            }
            else
            {
                while (next is not (',' or '\r' or '\n' or -1))
                {
                    field.Append((char)reader.Read());
                    next = reader.Peek();
                }
            }

            fields.Add(field.ToString().Trim());
            var separator = reader.Read();
            if (separator == ',')
            {
                continue;
            }

            EndLine(separator);
            return true;
        }
    }

    private bool ReadQuoted(out string? error)
    {
        var opened = line;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                error = $"A quoted value opened on line {opened} is never closed. Add the closing quote, or write a quote inside a value as two quotes (\"\").";
                atEnd = true;
                return false;
            }

            if (c == '"')
            {
                if (reader.Peek() != '"')
                {
                    error = null;
                    return true;
                }

                reader.Read();
            }
            else if (c == '\n' || (c == '\r' && reader.Peek() != '\n'))
            {
                line++;
            }

            field.Append((char)c);
        }
    }

    private void SkipLine()
    {
        int c;
        do
        {
            c = reader.Read();
        }
        while (c is not ('\r' or '\n' or -1));

        EndLine(c);
    }

    private void EndLine(int terminator)
    {
        if (terminator == -1)
        {
            atEnd = true;
            return;
        }

        if (terminator == '\r' && reader.Peek() == '\n')
        {
            reader.Read();
        }

        line++;
    }
}
