using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Rapport.Features.Questions.Format;

/// <summary>
/// Refuses YAML whose nodes would blow up whoever reads them, before any node is built: YamlDotNet
/// shares an aliased node, but every reader that walks it (a test's expected value becomes JSON)
/// pays for it again, so nested anchors in a 7 KB file stand for gigabytes; an alias inside its own
/// anchor is a cycle no walk ends; and building nodes recurses once per level, so deep nesting
/// overflows the stack and takes the process with it. The event stream is read without recursion.
/// </summary>
public static class YamlLimits
{
    public const int MaxAliases = 100;

    /// <summary>What the aliases may add, as a multiple of the text's own length.</summary>
    public const int MaxExpansion = 4;

    /// <summary>Bank files need a handful of levels (a test case's expected value sits at the fifth).</summary>
    public const int MaxDepth = 32;

    private const string AliasFix = "write the value out instead of an alias of aliases; bank files need few anchors.";

    private sealed class Open(string? anchor, long start)
    {
        public string? Anchor { get; } = anchor;

        public long Start { get; } = start;

        /// <summary>What the aliases inside this node add to it.</summary>
        public long Added { get; set; }
    }

    /// <summary>True when the text is within the limits; otherwise false, with the first problem logged at its place.</summary>
    public static bool Check(string text, ProblemLog log, string what)
    {
        var parser = new Parser(new StringReader(text));
        var closed = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<Open>();
        long budget = (long)MaxExpansion * text.Length, added = 0;
        var aliases = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart:
                        closed.Clear();
                        break;
                    case AnchorAlias alias:
                        var name = alias.Value.Value;
                        if (open.Any(o => o.Anchor == name))
                        {
                            return Refuse(log, alias, $"the alias *{name} is inside the value it names (&{name}), so {what} would never end.", $"remove *{name} from inside &{name}, or write the value out.");
                        }

                        if (!closed.TryGetValue(name, out var size))
                        {
                            return Refuse(log, alias, $"the alias *{name} comes before its anchor &{name} (or there is none).", $"put `&{name}` on a value above this line, or write the value out here.");
                        }

                        if (++aliases > MaxAliases)
                        {
                            return Refuse(log, alias, $"{what} uses more than {MaxAliases} aliases.", AliasFix);
                        }

                        added += size;
                        if (added > budget)
                        {
                            return Refuse(log, alias, $"with the alias *{name}, the aliases in {what} stand for more than {MaxExpansion} times its own length (nested anchors expand like an alias bomb).", AliasFix);
                        }

                        if (open.TryPeek(out var parent))
                        {
                            parent.Added += size;
                        }

                        break;
                    case Scalar { Anchor.IsEmpty: false } scalar:
                        closed[scalar.Anchor.Value] = scalar.End.Index - scalar.Start.Index;
                        break;
                    case NodeEvent node and (SequenceStart or MappingStart):
                        open.Push(new Open(node.Anchor.IsEmpty ? null : node.Anchor.Value, node.Start.Index));
                        if (open.Count > MaxDepth)
                        {
                            return Refuse(log, node, $"{what} nests lists and mappings more than {MaxDepth} levels deep.", "flatten the value; bank files need a few levels.");
                        }

                        break;
                    case SequenceEnd or MappingEnd:
                        var done = open.Pop();
                        if (done.Anchor is { } anchor)
                        {
                            closed[anchor] = parser.Current.End.Index - done.Start + done.Added;
                        }

                        if (open.TryPeek(out var outer))
                        {
                            outer.Added += done.Added;
                        }

                        break;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Malformed (the scanner sometimes throws without a position): the reader that follows
            // reports it at its place. What came before it was within the limits.
        }

        return true;
    }

    private static bool Refuse(ProblemLog log, ParsingEvent at, string message, string fix)
    {
        log.Error((int)at.Start.Line, (int)at.Start.Column, message, fix);
        return false;
    }
}
