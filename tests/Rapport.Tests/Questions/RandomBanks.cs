using System.Globalization;
using System.Text;
using CsCheck;
using Rapport.Features.Questions.Format;

namespace Rapport.Tests.Questions;

/// <summary>Random valid question files, with texts that stress YAML quoting and Markdown.</summary>
public static class RandomBanks
{
    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 2, 9];

    // Colons, hashes, quotes, backslashes and non-ASCII letters: all must survive a round trip.
    private static readonly Gen<string> Text = Gen.String[Gen.Char["abcdefgh XYZ:#'\"\\-é日λ,.?!()[]{}"], 1, 60].Select(s => s.Trim()).Where(s => s.Length > 0);

    private static readonly string[] Signals = ["language-and-tools", "thinking-out-loud", "collaboration", "problem-solving", "ml-fundamentals", "code-quality"];

    private static string Quoted(string text) => $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    private static readonly Gen<BankFile> Question =
        Gen.Select(Word.Array[1, 3], Text, Gen.Int[5, 120], Gen.Int[1, (1 << Signals.Length) - 1], Text.Array[3, 5], Text.Array[4], Word.Array[0, 4], Text)
            .Select((idWords, title, duration, signalMask, hints, levels, tags, prompt) =>
            {
                var id = string.Join('-', idWords);
                var signals = Signals.Where((_, i) => (signalMask & (1 << i)) != 0).ToList();
                var text = new StringBuilder();
                text.Append(CultureInfo.InvariantCulture, $"---\nid: {id}\ntitle: {Quoted(title)}\nkind: ml-concepts\nlevels: [mid]\nduration: {duration}\nlanguages: []\n");
                text.Append(CultureInfo.InvariantCulture, $"signals: [{string.Join(", ", signals)}]\ntags: [{string.Join(", ", tags.Distinct())}]\nhints:\n");
                foreach (var hint in hints)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  - when: {Quoted(hint)}\n    text: {Quoted(hint + " ?")}\n");
                }

                text.Append("rubric:\n");
                foreach (var signal in signals)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {signal}:\n");
                    for (var level = 1; level <= 4; level++)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"    {level}: {Quoted(levels[level - 1])}\n");
                    }
                }

                // Body lines start with a word: generated text like "# x" would otherwise become a heading.
                text.Append(CultureInfo.InvariantCulture, $"---\n\n# Prompt\n\nAsk: {prompt}\n\n# Interviewer notes\n\nNote: {title}\n");
                return new BankFile($"questions/{id}.md", text.ToString());
            });

    /// <summary>Banks of one to four questions with distinct ids.</summary>
    public static readonly Gen<List<BankFile>> Generator =
        Question.List[1, 4].Select(files => files.DistinctBy(f => f.Path).ToList());
}
