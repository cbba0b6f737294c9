using Microsoft.AspNetCore.SignalR;

namespace Rapport.Features.Rooms;

/// <summary>
/// The room's address names its interview: <c>/hubs/room?interview=ID</c>. With several servers
/// every connection of a room is served by the one server that holds the room (ADR 16), which is
/// chosen by this name before the connection reaches the hub; so a connection may only join the
/// interview its address names. Without the name (one server), a connection joins any room it may.
/// </summary>
public static class RoomAddress
{
    public const string Parameter = "interview";

    public const string Missing = $"The room's address must name its interview: {RoomHub.Path}?{Parameter}=ID (the room page adds it).";

    public const string NotAnInterview = $"The room's address names no interview: '{Parameter}' must be an interview's id.";

    public const string OtherInterview = "This connection was opened for another interview's room; open a connection to this one's.";

    public static string For(Guid interviewId) => $"{RoomHub.Path}?{Parameter}={interviewId}";

    /// <summary>The interview the request's address names; null when it names none; an error when the name is not an id.</summary>
    public static (Guid? Interview, string? Problem) Of(HttpRequest request)
    {
        var named = request.Query[Parameter];
        if (named.Count == 0)
        {
            return (null, null);
        }

        return named.Count == 1 && Guid.TryParse(named[0], out var id) ? (id, null) : (null, NotAnInterview);
    }

    /// <summary>Refuses joining <paramref name="interviewId"/> on a connection whose address names another interview.</summary>
    public static void MustName(HubCallerContext context, Guid interviewId)
    {
        if (context.GetHttpContext() is not { } http)
        {
            return;
        }

        var (named, problem) = Of(http.Request);
        if (problem is not null)
        {
            throw new HubException(problem);
        }

        if (named is { } id && id != interviewId)
        {
            throw new HubException(OtherInterview);
        }
    }
}
