using Microsoft.Extensions.Caching.Memory;
using Rapport.Data;

namespace Rapport.Features.Rooms;

/// <summary>
/// The parsed material of interviews whose rooms are in use: an interview pins its bank versions
/// when it is planned and never changes them, and versions never change, so its room parses them
/// once instead of on every call (choosing a question, switching the pad's language, a run).
/// Interviews that pinned the same versions (a day of interviews from one kit, or none pinned and
/// the default signals) share one parsed copy: the material is read-only, and a copy per room was
/// the largest part of what a room kept of Rapport's own (bench/README.md, "Rooms").
/// </summary>
/// <remarks>
/// Only for rooms: an interview reaches its room after the planning that pinned its versions was
/// committed, so what is kept is complete. Pages and mail built while planning read the database
/// (<see cref="InterviewMaterial.LoadAsync"/>), where the pins may not be saved yet. Bounded by
/// count, with a sliding expiry, as <see cref="RoomStates"/> is.
/// </remarks>
public sealed class PinnedMaterials : IDisposable
{
    public const int MaxInterviews = 1024;
    public static readonly TimeSpan IdleExpiry = TimeSpan.FromMinutes(30);

    private readonly MemoryCache kept = new(new MemoryCacheOptions { SizeLimit = MaxInterviews });
    private readonly MemoryCache byVersions = new(new MemoryCacheOptions { SizeLimit = MaxInterviews });
    private long loads;

    /// <summary>How many times pinned versions were read and parsed (once per set of versions while it is kept).</summary>
    public long Loads => Interlocked.Read(ref loads);

    /// <summary>
    /// The interview's material. <paramref name="services"/> is the caller's scope: the database
    /// context is asked of it only when the material is not kept, so a room's calls (a keystroke
    /// among them) lease no context for it.
    /// </summary>
    public async Task<InterviewMaterial> OfAsync(IServiceProvider services, Guid interviewId, CancellationToken ct)
    {
        if (kept.TryGetValue(interviewId, out InterviewMaterial? material) && material is not null)
        {
            return material;
        }

        var db = services.GetRequiredService<AppDbContext>();
        var versions = await InterviewMaterial.PinnedVersionsAsync(db, interviewId, ct);
        if (!byVersions.TryGetValue(versions, out material) || material is null)
        {
            // Two first calls at once may both parse; both results are the same, and one is kept.
            Interlocked.Increment(ref loads);
            material = await InterviewMaterial.LoadAsync(db, interviewId, ct);
            material = byVersions.Set(versions, material, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleExpiry });
        }

        return kept.Set(interviewId, material, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleExpiry });
    }

    public void Dispose()
    {
        kept.Dispose();
        byVersions.Dispose();
    }
}
