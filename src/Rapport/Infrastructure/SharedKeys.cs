using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Infrastructure;

/// <summary>
/// The data-protection keys (cookies, antiforgery tokens, set-your-password links) live in the
/// database, so that what one node made every other node opens, and a backup of the database
/// keeps people signed in when restored (ADR 16). Keys an older version kept in the data folder's
/// <c>keys</c> folder are copied into the database once.
/// </summary>
public sealed partial class SharedKeys(string folder, ILogger<SharedKeys> logger)
{
    public const string FolderName = "keys";

    public static void Register(IServiceCollection services, string dataDirectory)
    {
        services.AddDataProtection()
            .SetApplicationName("Rapport")
            .PersistKeysToDbContext<AppDbContext>();
        services.AddSingleton(s => new SharedKeys(Path.Combine(dataDirectory, FolderName), s.GetRequiredService<ILogger<SharedKeys>>()));
    }

    /// <summary>
    /// When the database holds no key yet, copies the folder's key files into it, so an upgrade
    /// signs nobody out. A file that is not a key is named in the log and left where it is.
    /// Returns how many keys were copied.
    /// </summary>
    public async Task<int> ImportFolderKeysAsync(AppDbContext db, CancellationToken ct)
    {
        if (!Directory.Exists(folder) || await db.DataProtectionKeys.AnyAsync(ct))
        {
            return 0;
        }

        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal))
        {
            XElement key;
            try
            {
                key = XElement.Load(file);
            }
            catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
            {
                LogUnreadableKey(file, e.Message);
                continue;
            }

            if (key.Name.LocalName != "key")
            {
                LogUnreadableKey(file, $"its root element is <{key.Name.LocalName}>, not <key>");
                continue;
            }

            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = Path.GetFileNameWithoutExtension(file), Xml = key.ToString(SaveOptions.DisableFormatting) });
            imported++;
        }

        if (imported > 0)
        {
            // One transaction: either every key of the folder is in the database or none is, and the next start tries again.
            await db.SaveChangesAsync(ct);
            LogImported(imported, folder);
        }

        return imported;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied {Count} data-protection key(s) from {Folder} into the database, where every node reads them; the folder is no longer used and can be deleted once this version is kept")]
    private partial void LogImported(int count, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Did not copy {File} into the database: it is not a data-protection key ({Reason}). It is left where it is")]
    private partial void LogUnreadableKey(string file, string reason);
}
