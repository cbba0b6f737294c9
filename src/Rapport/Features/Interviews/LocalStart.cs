namespace Rapport.Features.Interviews;

/// <summary>A start time as a form gives it (a date, a time of day, a time zone), read into an instant.</summary>
public static class LocalStart
{
    /// <summary>The instant, or null with the problem added to <paramref name="errors"/> under scheduledAt or timeZone.</summary>
    public static DateTimeOffset? Read(DateOnly? date, TimeOnly? time, string? timeZone, Dictionary<string, string[]> errors)
    {
        if (date is null || time is null)
        {
            errors["scheduledAt"] = ["Choose a date and a start time."];
            return null;
        }

        if (!TryFindTimeZone(timeZone, out var zone))
        {
            errors["timeZone"] = [$"Time zone '{timeZone}' is not known; use a name such as Europe/Berlin or UTC."];
            return null;
        }

        if (date.Value.Year is < 2000 or > 9000)
        {
            errors["scheduledAt"] = [$"The year {date.Value.Year} is not a plausible interview date; check the date."];
            return null;
        }

        var local = date.Value.ToDateTime(time.Value);
        if (zone.IsInvalidTime(local) || zone.IsAmbiguousTime(local))
        {
            errors["scheduledAt"] = [$"{local:HH:mm} on {local:d MMM yyyy} {(zone.IsInvalidTime(local) ? "does not exist" : "happens twice")} in {zone.Id} because the clocks change; choose another time."];
            return null;
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static bool TryFindTimeZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        return !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out zone!);
    }
}
