using Microsoft.Extensions.Caching.Memory;

namespace Rapport.Features.Questions.Format;

/// <summary>
/// Parses of stored bank versions, kept: a version never changes, so each is parsed (and its
/// Markdown rendered, see <see cref="ParsedQuestion"/>) once, not on every bank page. A question
/// or kit is kept under its version and the version of the signal set it was checked against.
/// </summary>
/// <remarks>
/// A <see cref="MemoryCache"/> of its own with a size limit rather than a dictionary: edits keep
/// adding versions, and the cache must stay bounded without anyone removing the old ones; when it
/// is full it drops the least recently used. Each entry's size is its text's length; the limit,
/// 32 million characters, holds a bank of a thousand 10 KB questions three times over, and no
/// more than a few hundred MB with their parses.
/// </remarks>
public sealed class ParsedVersions : IDisposable
{
    public const long SizeLimit = 32_000_000;

    private readonly MemoryCache kept = new(new MemoryCacheOptions { SizeLimit = SizeLimit });
    private long parses;

    /// <summary>How many files were parsed through this cache: each stored version should count once.</summary>
    public long Parses => Interlocked.Read(ref parses);

    /// <summary>
    /// The reading of a file: kept when the file is a stored version (and the signal set it is read
    /// against is known: <paramref name="signalsVersion"/>), else parsed each time.
    /// </summary>
    public FileReading<T> Read<T>(BankFile file, Guid? signalsVersion, Func<BankFile, FileReading<T>> read)
        where T : class
    {
        if (file.Version is not { } version || signalsVersion is not { } signals)
        {
            return Parse(file, read);
        }

        // The path is part of the key: problems name the file, and its name must match the id.
        var key = (version, file.Path, signals);
        // A version's text never changes; comparing it only catches a caller that changed a file's text and kept its version.
        if (kept.TryGetValue(key, out var found) && found is Kept<T> entry && string.Equals(entry.Text, file.Text, StringComparison.Ordinal))
        {
            return entry.Reading;
        }

        var reading = Parse(file, read);
        kept.Set(key, new Kept<T>(file.Text, reading), new MemoryCacheEntryOptions { Size = Math.Max(1, file.Text.Length) });
        return reading;
    }

    private FileReading<T> Parse<T>(BankFile file, Func<BankFile, FileReading<T>> read)
        where T : class
    {
        Interlocked.Increment(ref parses);
        return read(file);
    }

    private sealed record Kept<T>(string Text, FileReading<T> Reading)
        where T : class;

    public void Dispose() => kept.Dispose();
}
