using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Storage;

namespace Rapport.Features.Scorecards;

/// <summary>
/// The language check for the bank as it stands: the stored <c>language-check.yaml</c> (its latest
/// version, imported or exported with the rest of the bank), or Rapport's own list when the bank
/// has none. The check is built once per version and kept; each call asks the database only which
/// version is current, so an import takes effect on the next scorecard without a restart.
/// </summary>
public sealed partial class LanguageCheckSource(IServiceScopeFactory scopes, ILogger<LanguageCheckSource> logger)
{
    private LanguageCheck? kept;

    public async Task<LanguageCheck> CurrentAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var library = scope.ServiceProvider.GetRequiredService<BankLibrary>();
        var latest = library.LatestVersions().Where(v => v.Document!.Kind == BankDocumentKind.LanguageCheck && v.Document.Key == BankLibrary.LanguageCheckKey);
        var version = await latest.Select(v => (Guid?)v.Id).SingleOrDefaultAsync(ct);
        if (version is null)
        {
            return LanguageCheck.BuiltIn;
        }

        if (Volatile.Read(ref kept) is { } check && check.Version == version)
        {
            return check;
        }

        var source = await db.BankDocumentVersions.Where(v => v.Id == version).Select(v => v.Source).SingleAsync(ct);
        var log = new ProblemLog(LanguageCheckList.FileName);
        if (LanguageCheckList.Parse(source, log) is not { } list || log.HasErrors)
        {
            // Stored lists passed their checks when imported; a later Rapport may check more. The
            // check only advises, so it must never stand in the way of a scorecard: use our own list.
            LogStoredListInvalid(version.Value, string.Join("; ", log.Problems.Take(3)));
            return LanguageCheck.BuiltIn;
        }

        check = LanguageCheck.From(list, version);
        Volatile.Write(ref kept, check);
        return check;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored language-check list {Version} no longer passes its checks ({Problems}); using Rapport's own list until the bank is fixed")]
    private partial void LogStoredListInvalid(Guid version, string problems);
}
