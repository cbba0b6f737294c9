using System.Text;
using Rapport.Infrastructure;

namespace Rapport.Cli;

/// <summary>
/// Standard error as the commands write to it: every message, whatever input it quotes (a file's
/// values, a path, an exception's text), reaches the terminal with control and direction characters
/// escaped (<see cref="ShownText.ForTerminal"/>), so no file can make the terminal run an escape
/// sequence or show text reordered. Line breaks and tabs pass as they are.
/// </summary>
internal sealed class TerminalWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value) => inner.Write(ShownText.ForTerminal(value));

    public override void WriteLine(string? value) => inner.WriteLine(ShownText.ForTerminal(value));

    public override Task WriteAsync(string? value) => inner.WriteAsync(ShownText.ForTerminal(value));

    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(ShownText.ForTerminal(value));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
