using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.StaticAssets;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Security;

public sealed class AuthorizationMatrixTests
{
    private static readonly Caller[] AllCallers = [.. Enum.GetValues<Caller>().Where(c => c != Caller.None)];

    public static TheoryData<string> DeclaredEndpoints => [.. AuthorizationMatrix.Http.Keys];

    [Fact]
    public async Task EveryMappedEndpoint_IsDeclaredInTheMatrix_AndNothingElseIs()
    {
        await using var app = await RapportTestApp.StartAsync();
        var mapped = MappedEndpoints(app).Keys.ToHashSet();

        var undeclared = mapped.Except(AuthorizationMatrix.Http.Keys).Order(StringComparer.Ordinal).ToList();
        var unmapped = AuthorizationMatrix.Http.Keys.Except(mapped).Order(StringComparer.Ordinal).ToList();
        Assert.True(undeclared.Count == 0, $"Mapped but missing from AuthorizationMatrix.Http (add a row saying who may call it): {string.Join("; ", undeclared)}");
        Assert.True(unmapped.Count == 0, $"Declared in AuthorizationMatrix.Http but not mapped (remove the row): {string.Join("; ", unmapped)}");
    }

    [Fact]
    public void EveryHubMethod_IsDeclaredInTheMatrix_AndNothingElseIs()
    {
        var hubMethods = typeof(Rapport.Infrastructure.RapportWebApp).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Hub).IsAssignableFrom(t))
            // Every public method a client can invoke, inherited ones included, but not the framework's own.
            .SelectMany(hub => hub.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                // An override of a framework method (OnDisconnectedAsync) counts as the framework's, as SignalR counts it.
                .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType is { } declaring && declaring != typeof(object)
                    && !(declaring == typeof(Hub) || (declaring.IsGenericType && declaring.GetGenericTypeDefinition() == typeof(Hub<>))))
                .Select(m => $"{hub.Name}.{m.Name}"))
            .ToHashSet();

        Assert.Equal(
            hubMethods.Order(StringComparer.Ordinal),
            AuthorizationMatrix.HubMethods.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DeclaredEndpoints))]
    public async Task EachCaller_GetsExactlyTheDeclaredAccess(string endpoint)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var access = AuthorizationMatrix.Http[endpoint];
        var (method, pattern) = endpoint == AuthorizationMatrix.StaticAssets ? ("GET", "/app.css") : Split(endpoint);
        // An endpoint that takes any method is tried with a read and with a write.
        string[] methods = method == "ANY" ? [.. access.Verbs ?? ["GET", "POST"]] : [method];
        var failures = new List<string>();
        if (access.Prepare is { } prepare)
        {
            await prepare(world);
        }

        // Least privileged first: an allowed call by a later caller (say, a new link) cannot hide an earlier refusal.
        foreach (var caller in AllCallers)
        {
            var client = await ClientForAsync(world, caller);
            foreach (var verb in methods)
            {
                var response = await SendAsync(client, world, caller, verb, pattern, access);
                var allowed = access.Allowed.HasFlag(caller);
                var verdict = allowed ? Allowed(response, access) ?? await OwnInterviewOnlyAsync(response, access, caller) : Refused(response);
                if (verdict is not null)
                {
                    failures.Add($"{verb} as {caller} ({(allowed ? "should be allowed" : "should be refused")}): {verdict}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{endpoint}:\n{string.Join("\n", failures)}");
    }

    public static TheoryData<string> DeclaredHubMethods => [.. AuthorizationMatrix.HubMethods.Keys];

    [Theory]
    [MemberData(nameof(DeclaredHubMethods))]
    public async Task EachCaller_GetsExactlyTheDeclaredHubAccess(string hubMethod)
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var access = AuthorizationMatrix.HubMethods[hubMethod];
        var method = hubMethod[(hubMethod.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var failures = new List<string>();
        if (access.Prepare is { } prepare)
        {
            await prepare(world);
        }

        foreach (var caller in AllCallers)
        {
            string? refusal = null;
            string? wrongResult = null;
            try
            {
                await using var connection = await OpenRoomAsync(world, caller);
                var args = access.Args(world);
                if (!method.StartsWith("JoinAs", StringComparison.Ordinal))
                {
                    // Everything but joining works in the room the connection joined: each caller tries to
                    // join as who they are (a candidate their own interview's room, staff interview A's).
                    await TryAsync(() => caller is Caller.CandidateOfA or Caller.CandidateOfB
                        ? connection.Hub.InvokeAsync<Rapport.Features.Rooms.CandidateRoomView>("JoinAsCandidate")
                        : connection.Hub.InvokeAsync<Rapport.Features.Rooms.InterviewerRoomView>("JoinAsInterviewer", world.InterviewA.Interview.Id));
                }

                if (access.OnPad is { } onPad)
                {
                    Rapport.Features.Rooms.PadOpened? opened = null;
                    await TryAsync(async () => opened = await connection.Hub.InvokeAsync<Rapport.Features.Rooms.PadOpened>("OpenPad"));
                    args = onPad(opened);
                }

                var result = await connection.Hub.InvokeCoreAsync(method, typeof(System.Text.Json.JsonElement), args);
                wrongResult = access.Returns is { } returns && result is System.Text.Json.JsonElement returned ? returns(returned) : null;
            }
            catch (Exception e) when (e is HubException or HttpRequestException)
            {
                refusal = e is HttpRequestException ? $"connection refused ({e.Message})" : e.Message;
            }

            if (access.Settle is { } settle)
            {
                await settle(world);
            }

            var allowed = access.Allowed.HasFlag(caller);
            if (allowed != (refusal is null))
            {
                failures.Add($"{caller} ({(allowed ? $"should be allowed, was refused: {refusal}" : "should be refused, was allowed")})");
            }
            else if (allowed && wrongResult is not null)
            {
                failures.Add($"{caller} (allowed, but {wrongResult})");
            }
            else if (!allowed && !IsAccessRefusal(refusal!))
            {
                // Refused for something else (a bad argument, a stale version, a closed room): the hub
                // never said whether this caller may, so the row would prove nothing about access.
                failures.Add($"{caller} (should be refused for who they are, was refused for something else: {refusal})");
            }
        }

        Assert.True(failures.Count == 0, $"{hubMethod}:\n{string.Join("\n", failures)}");
    }

    /// <summary>
    /// What the hubs tell a caller who may not do something: a connection refused at the door, or one
    /// of these refusals, which say nothing of the interview (whether it exists, its state, its pad).
    /// </summary>
    private static readonly string[] AccessRefusals =
    [
        "Open the room from your interview link.",
        "Only the interview's panel can do this.",
        "Only the candidate's page records session facts.",
        "Join the room first.",
        "Open the pad first.",
        Rapport.Features.Rooms.RoomLead.Watching,
        Rapport.Features.Rooms.RoomLead.NotAnInterviewer,
    ];

    private static bool IsAccessRefusal(string refusal) =>
        refusal.StartsWith("connection refused", StringComparison.Ordinal)
        || AccessRefusals.Any(r => refusal.EndsWith(r, StringComparison.Ordinal));

    /// <summary>A step a refused caller may fail: the call after it must then be refused for who they are.</summary>
    private static async Task TryAsync(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (HubException)
        {
        }
    }

    private static async Task<RoomConnection> OpenRoomAsync(InterviewWorld world, Caller caller) => caller switch
    {
        Caller.Anonymous => await RoomConnection.OpenAsync(world.App),
        Caller.CandidateOfA => await RoomConnection.OpenAsync(world.App, candidateToken: world.TokenA),
        Caller.CandidateOfB => await RoomConnection.OpenAsync(world.App, candidateToken: world.TokenB),
        Caller.InterviewerNotOnA => await RoomConnection.OpenAsync(world.App, await world.App.SignedInCookiesAsync(world.InterviewerOnB)),
        Caller.InterviewerOnA => await RoomConnection.OpenAsync(world.App, await world.App.SignedInCookiesAsync(world.InterviewerOnA)),
        Caller.Coordinator => await RoomConnection.OpenAsync(world.App, await world.App.SignedInCookiesAsync(world.Coordinator)),
        Caller.Admin => await RoomConnection.OpenAsync(world.App, await world.App.SignedInCookiesAsync(world.Admin)),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    private static Dictionary<string, RouteEndpoint> MappedEndpoints(RapportTestApp app)
    {
        var endpoints = new Dictionary<string, RouteEndpoint>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null || endpoint.DisplayName == "Fallback {**path:file}")
            {
                endpoints[AuthorizationMatrix.StaticAssets] = endpoint;
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            foreach (var method in methods.Where(m => m != HttpMethods.Head))
            {
                endpoints[$"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}"] = endpoint;
            }
        }

        return endpoints;
    }

    private static (string Method, string Pattern) Split(string endpoint)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        return (endpoint[..space], endpoint[(space + 1)..]);
    }

    private static async Task<HttpClient> ClientForAsync(InterviewWorld world, Caller caller) => caller switch
    {
        Caller.Anonymous => world.App.CreateClient(),
        Caller.CandidateOfA => InterviewWorld.CandidateClient(world.App, world.TokenA),
        Caller.CandidateOfB => InterviewWorld.CandidateClient(world.App, world.TokenB),
        Caller.InterviewerNotOnA => await world.App.SignedInClientAsync(world.InterviewerOnB),
        Caller.InterviewerOnA => await world.App.SignedInClientAsync(world.InterviewerOnA),
        Caller.Coordinator => await world.App.SignedInClientAsync(world.Coordinator),
        Caller.Admin => await world.App.SignedInClientAsync(world.Admin),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    /// <summary>
    /// Fills the route: interview A for ids (interview A's loop and candidate for theirs: a loop's id is
    /// not its interview's), the caller's own link for tokens (a well-formed stranger's for everyone else).
    /// </summary>
    private static string PathFor(string pattern, InterviewWorld world, Caller caller) => pattern
        .Replace("/loops/{Id:guid}", $"/loops/{world.InterviewA.Interview.LoopId}", StringComparison.Ordinal)
        .Replace("/loops/{id:guid}", $"/loops/{world.InterviewA.Interview.LoopId}", StringComparison.Ordinal)
        .Replace("/candidates/{Id:guid}", $"/candidates/{world.InterviewA.Interview.CandidateId}", StringComparison.Ordinal)
        .Replace("/candidates/{id:guid}", $"/candidates/{world.InterviewA.Interview.CandidateId}", StringComparison.Ordinal)
        .Replace("{id:guid}", world.InterviewA.Interview.Id.ToString(), StringComparison.Ordinal)
        .Replace("/api/users/{id}", $"/api/users/{world.InterviewerOnA.Id}", StringComparison.Ordinal)
        .Replace("/coaching/{UserId}", $"/coaching/{world.InterviewerOnA.Id}", StringComparison.Ordinal)
        .Replace("/coaching/sessions/{Id:guid}", $"/coaching/sessions/{Coaching.CalibrationSessionSteps.SessionOf(world)}", StringComparison.Ordinal)
        .Replace("{SessionId:guid}", Coaching.CalibrationSessionSteps.SessionOf(world).ToString(), StringComparison.Ordinal)
        .Replace("{Id:guid}", world.InterviewA.Interview.Id.ToString(), StringComparison.Ordinal)
        .Replace("{Code:int}", "404", StringComparison.Ordinal)
        .Replace("/bank/questions/{Id}", "/bank/questions/two-sum", StringComparison.Ordinal)
        .Replace("/bank/kits/{Id}", "/bank/kits/screen", StringComparison.Ordinal)
        .Replace("/api/bank/questions/{id}", "/api/bank/questions/two-sum", StringComparison.Ordinal)
        .Replace("{Number:int}", "1", StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal)
        .Replace("{Token}", caller switch
        {
            Caller.CandidateOfA => world.TokenA,
            Caller.CandidateOfB => world.TokenB,
            _ => new string('Q', Rapport.Features.Interviews.CandidateLinks.TokenLength),
        }, StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, InterviewWorld world, Caller caller, string method, string pattern, Access access)
    {
        var path = PathFor(pattern, world, caller);
        if (access.Form is { } form)
        {
            // Antiforgery tokens belong to the signed-in user, so take one from a page this caller can open.
            var token = await client.AntiforgeryTokenAsync(caller.IsStaff() ? "/" : "/account/login");
            return await client.PostFormWithTokenAsync(path, form.Handler, form.Fields(world), token);
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = access.Json?.Invoke(world, caller) };
        return await client.SendAsync(request);
    }

    private static string? Allowed(HttpResponseMessage response, Access access)
    {
        if (access.AllowedStatus is { } expected)
        {
            return response.StatusCode == expected ? null : $"expected {(int)expected}, got {Describe(response)}";
        }

        var code = (int)response.StatusCode;
        return code is >= 200 and < 300 || (code is >= 300 and < 400 && !IsSignInRedirect(response)) ? null : $"got {Describe(response)}";
    }

    private static async Task<string?> OwnInterviewOnlyAsync(HttpResponseMessage response, Access access, Caller caller)
    {
        if (!access.ShowsCallersOwnInterview)
        {
            return null;
        }

        var (own, other) = caller == Caller.CandidateOfA ? ("Alice Candidate", "Bruno Candidate") : ("Bruno Candidate", "Alice Candidate");
        var body = await response.Content.ReadAsStringAsync();
        return body.Contains(own, StringComparison.Ordinal) && !body.Contains(other, StringComparison.Ordinal)
            ? null
            : $"expected {own}'s interview only";
    }

    private static string? Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone || IsSignInRedirect(response)
            ? null
            : $"got {Describe(response)}";

    private static bool IsSignInRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location?.OriginalString is { } location
        && (location.Contains("/account/login?ReturnUrl=", StringComparison.Ordinal) || location.Contains("/account/access-denied", StringComparison.Ordinal));

    private static string Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.StatusCode}{(response.Headers.Location is { } location ? $" → {location}" : "")}";
}

internal static class CallerKinds
{
    public static bool IsStaff(this Caller caller) => AuthorizationMatrix.Staff.HasFlag(caller);
}
