using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Questions.Format;
using Rapport.Infrastructure;

namespace Rapport.Features.Questions.Storage;

public sealed record ImportOutcome(int NewVersions, int Unchanged);

/// <summary>An export refused before writing anything; the message names each path and how to fix it.</summary>
public sealed class BankExportException(string message) : Exception(message);

/// <summary>Either the saved version or the problems that kept it from being saved.</summary>
public sealed record EditOutcome(BankDocumentVersion? Version, IReadOnlyList<BankProblem> Problems, bool Unchanged = false);

/// <summary>The bank in the database: versioned import, export, the current bank, and edits from the browser.</summary>
public sealed class BankLibrary(AppDbContext db, Audit.AuditTrail audit, TimeProvider time, ParsedVersions kept)
{
    public const string LanguageCheckKey = "language-check";

    public async Task<bool> IsEmptyAsync(CancellationToken ct) => !await db.BankDocuments.AnyAsync(ct);

    /// <summary>
    /// Stores a checked bank: each changed file becomes a new version, unchanged files create
    /// nothing, and files missing from the folder are kept. One transaction: all or nothing.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(Bank bank, string origin, CancellationToken ct)
    {
        var documents = await db.BankDocuments.Include(d => d.Versions).ToListAsync(ct);
        int created = 0, unchanged = 0;
        foreach (var (kind, key, file, title) in Files(bank))
        {
            var document = documents.FirstOrDefault(d => d.Kind == kind && d.Key == key);
            if (document is null)
            {
                document = new BankDocument { Id = Guid.CreateVersion7(time.GetUtcNow()), Kind = kind, Key = key, Path = file.Path };
                db.BankDocuments.Add(document);
                documents.Add(document);
            }

            document.Path = file.Path;
            if (AddVersion(document, file.Text, title, origin) is null)
            {
                unchanged++;
            }
            else
            {
                created++;
            }
        }

        audit.Record(Audit.AuditKinds.BankImported, $"Bank imported ({origin}): {created} new versions, {unchanged} files unchanged.", subject: origin);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ImportOutcome(created, unchanged);
    }

    /// <summary>
    /// Writes the current version of every document under its path; returns how many files.
    /// Every path is checked first, as a bank path and as the full path it resolves to: one that
    /// would land outside <paramref name="directory"/> (or go through a link there) stops the
    /// export before any file is written.
    /// </summary>
    public async Task<int> ExportAsync(string directory, CancellationToken ct)
    {
        var files = await CurrentFilesAsync(ct);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar;
        var targets = new List<(string Path, BankFile File)>();
        var refused = new List<string>();
        foreach (var file in files)
        {
            var full = Path.GetFullPath(Path.Combine(root, file.Path));
            var problem = BankPath.Problem(file.Path)
                ?? (full.StartsWith(root, StringComparison.Ordinal) ? null : $"it resolves to {full}, outside {root}.")
                ?? ThroughLink(root, full);
            if (problem is null)
            {
                targets.Add((full, file));
            }
            else
            {
                refused.Add($"'{ShownText.Quote(file.Path)}': {problem}");
            }
        }

        if (refused.Count > 0)
        {
            throw new BankExportException(
                $"nothing was exported: {refused.Count} stored path(s) would be written outside {root}: {string.Join("; ", refused)} "
                + "Fix: edit the bank's files to plain paths (import a folder with them renamed), then export again.");
        }

        foreach (var (path, file) in targets)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file.Text, new UTF8Encoding(false), ct);
        }

        return files.Count;
    }

    // A folder inside the export folder that is a link would carry the file elsewhere.
    private static string? ThroughLink(string root, string full)
    {
        var current = root;
        foreach (var part in Path.GetRelativePath(root, full).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            if (new FileInfo(current).LinkTarget is { } target)
            {
                return $"{current} is a link to {target}.";
            }
        }

        return null;
    }

    public async Task<List<BankFile>> CurrentFilesAsync(CancellationToken ct)
    {
        var latest = await LatestVersions().Select(v => new { v.Id, v.Document!.Path, v.Source }).ToListAsync(ct);
        return [.. latest.Select(v => new BankFile(v.Path, v.Source) { Version = v.Id }).OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    /// <summary>The bank as it stands now, parsed (each version once: <see cref="ParsedVersions"/>). Empty when nothing was imported yet.</summary>
    public async Task<Bank> CurrentAsync(CancellationToken ct)
    {
        var reading = Check(await CurrentFilesAsync(ct));
        return reading.Bank ?? throw new InvalidOperationException(
            $"The stored bank does not pass its own checks: {string.Join("; ", reading.Problems.Where(p => p.Severity == Severity.Error).Take(3))}");
    }

    /// <summary>Checks files as <see cref="BankCheck.Check"/> does, taking the parses of stored versions from those kept.</summary>
    public BankReading Check(IReadOnlyList<BankFile> files) => BankCheck.Check(files, kept: kept);

    public IQueryable<BankDocumentVersion> LatestVersions() =>
        db.BankDocumentVersions.Where(v => v.Number == db.BankDocumentVersions.Where(o => o.DocumentId == v.DocumentId).Max(o => o.Number));

    public Task<List<BankDocumentVersion>> HistoryAsync(BankDocumentKind kind, string key, CancellationToken ct) =>
        db.BankDocumentVersions.Where(v => v.Document!.Kind == kind && v.Document.Key == key).OrderByDescending(v => v.Number).ToListAsync(ct);

    /// <summary>
    /// Saves a new version of one question or kit edited in the browser, after checking it
    /// together with the rest of the bank (a kit may point at it, it may name signals).
    /// </summary>
    public async Task<EditOutcome> SaveEditAsync(BankDocumentKind kind, string key, string source, string editor, CancellationToken ct)
    {
        var document = await db.BankDocuments.Include(d => d.Versions).SingleOrDefaultAsync(d => d.Kind == kind && d.Key == key, ct)
            ?? throw new InvalidOperationException($"There is no {kind} '{key}' to edit.");
        var text = BankFolder.Normalize(source);
        var problems = new List<BankProblem>();
        if (Encoding.UTF8.GetByteCount(text) > BankVocabulary.MaxFileBytes)
        {
            problems.Add(new BankProblem(document.Path, 1, 1, Severity.Error, "the text is larger than 1 MB.", "shorten it, or move large data out of the question."));
            return new EditOutcome(null, problems);
        }

        var files = (await CurrentFilesAsync(ct)).Select(f => f.Path == document.Path ? new BankFile(f.Path, text) : f).ToList();
        var reading = Check(files);
        var mine = reading.Problems.Where(p => p.File == document.Path || p.Severity == Severity.Error).ToList();
        if (reading.HasErrors)
        {
            return new EditOutcome(null, mine);
        }

        var title = Files(reading.Bank!).Single(f => f.Kind == kind && f.Key == key).Title;
        var version = AddVersion(document, text, title, $"edited in the browser by {editor}");
        if (version is null)
        {
            return new EditOutcome(document.Versions.MaxBy(v => v.Number), mine, Unchanged: true);
        }

        audit.Record(Audit.AuditKinds.BankEdited, $"{document.Path} edited in the browser: version {version.Number}, \"{title}\".", subject: $"{kind}:{key} v{version.Number}");
        await db.SaveChangesAsync(ct);
        return new EditOutcome(version, mine);
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private BankDocumentVersion? AddVersion(BankDocument document, string text, string title, string origin)
    {
        var hash = Hash(text);
        var latest = document.Versions.MaxBy(v => v.Number);
        if (latest?.ContentHash == hash)
        {
            return null;
        }

        var version = new BankDocumentVersion
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            DocumentId = document.Id,
            Number = (latest?.Number ?? 0) + 1,
            ContentHash = hash,
            Source = text,
            Title = title,
            CreatedAt = time.GetUtcNow(),
            Origin = origin,
        };
        document.Versions.Add(version);
        return version;
    }

    private static IEnumerable<(BankDocumentKind Kind, string Key, BankFile File, string Title)> Files(Bank bank)
    {
        if (bank.SignalsFile is { } signals)
        {
            yield return (BankDocumentKind.Signals, "signals", signals, "Signals");
        }

        if (bank.LanguageCheckFile is { } language)
        {
            yield return (BankDocumentKind.LanguageCheck, LanguageCheckKey, language, "Language check");
        }

        foreach (var question in bank.Questions)
        {
            yield return (BankDocumentKind.Question, question.Document.Id, question.File, question.Document.Title);
        }

        foreach (var kit in bank.Kits)
        {
            yield return (BankDocumentKind.Kit, kit.Document.Id, kit.File, kit.Document.Title);
        }
    }
}
