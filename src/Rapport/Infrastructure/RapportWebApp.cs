using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Rapport.Components;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Audit;
using Rapport.Features.Candidates;
using Rapport.Features.Cluster;
using Rapport.Features.Coaching;
using Rapport.Features.Debrief;
using Rapport.Features.Feedback;
using Rapport.Features.Interviews;
using Rapport.Features.Mail;
using Rapport.Features.Questions;
using Rapport.Features.Runs;
using Rapport.Features.Scorecards;
using Rapport.Features.Survey;

namespace Rapport.Infrastructure;

/// <summary>The web host: what <c>rapport serve</c> runs and what each integration test starts.</summary>
public static class RapportWebApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = NewBuilder(args, DefaultUrl, slim: false);
        // Serves the static assets of a plain build too, not only of a publish.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRapport(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// A host as every <c>rapport</c> server starts one: settings from appsettings.json, the
    /// <c>RAPPORT_</c> environment and the command line; listening on <c>urls</c> or <paramref name="defaultUrl"/>;
    /// the executable's folder as content root. <paramref name="slim"/> leaves out what only pages need.
    /// </summary>
    public static WebApplicationBuilder NewBuilder(string[] args, string defaultUrl, bool slim)
    {
        var options = new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(RapportWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        };
        var builder = slim ? WebApplication.CreateSlimBuilder(options) : WebApplication.CreateBuilder(options);
        builder.Configuration.AddEnvironmentVariables("RAPPORT_");
        builder.WebHost.UseUrls(builder.Configuration["urls"] is { Length: > 0 } urls ? urls : defaultUrl);
        builder.AddRapportLogging();
        return builder;
    }

    public static void AddRapportLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // The host's request scope logs the raw path, candidate tokens included; UseRequestLogScope
        // writes a redacted one instead. The host only opens its scope when this category is enabled.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        else
        {
            // Scopes carry the request id and path of every line written during a request.
            builder.Logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
    }

    public static IServiceCollection AddRapport(this IServiceCollection services, IConfiguration configuration)
    {
        // Read and check every setting now, so a bad one stops the start with its name, not a request later.
        var rapport = Settings.Read<RapportOptions>(configuration, RapportOptions.Section).Validated();
        services.AddSingleton(Options.Create(rapport));
        services.AddSingleton(Options.Create(Settings.Read<CandidateLinkOptions>(configuration, CandidateLinkOptions.Section).Validated()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => RandomNumberGenerator.Create());
        services.AddHttpContextAccessor();
        var data = DataDirectory.Resolve(configuration);
        services.AddRapportStorage(configuration, data);
        SharedKeys.Register(services, data);

        services.AddRapportAccounts(rapport);
        services.AddScoped<StaffAccounts>();
        services.AddScoped<StaffSignIn>();
        services.AddSignInRateLimit();
        services.AddScoped<CandidateLinks>();
        services.AddScoped<InterviewPlanner>();
        services.AddScoped<Features.Candidates.CandidateDirectory>();
        services.AddScoped<Features.Candidates.CandidateEdits>();
        services.AddScoped<InterviewLifecycle>();
        services.AddScoped<Features.Rooms.RoomAccess>();
        services.AddScoped<PublicUrls>();
        services.AddScoped<Features.Audit.AuditTrail>();
        services.AddScoped<Features.Questions.Storage.BankLibrary>();
        services.AddSingleton<Features.Questions.Format.ParsedVersions>();
        services.AddSingleton<Features.Scorecards.LanguageCheckSource>();
        services.AddScoped<Features.Scorecards.ScorecardAccess>();
        services.AddScoped<Features.Scorecards.ScorecardDesk>();
        services.AddScoped<Features.Debrief.DebriefBoard>();
        services.AddSingleton(Options.Create(Settings.Read<Features.Coaching.CoachingOptions>(configuration, Features.Coaching.CoachingOptions.Section).Validated()));
        services.AddScoped<Features.Coaching.ReportCardDesk>();
        services.AddScoped<Features.Coaching.CoachingTrends>();
        services.AddScoped<Features.Coaching.Sessions.CalibrationSessionDesk>();
        services.AddMemoryCache();
        services.AddSingleton<Features.Coaching.NudgeWatch>();
        services.AddHostedService(s => s.GetRequiredService<Features.Coaching.NudgeWatch>());
        services.AddScoped<Features.Debrief.DecisionDesk>();
        services.AddScoped<Features.Insights.RatingsLibrary>();
        services.AddScoped<Features.Insights.InsightsBoard>();
        services.AddSingleton<Features.Insights.CalibrationCache>();
        services.AddScoped<Features.Rooms.RoomLog>();
        services.AddRapportMail(configuration);
        services.AddScoped<Invitations>();
        services.AddScoped<Features.Survey.CandidateSurvey>();
        services.AddScoped<Features.Survey.SurveyResults>();
        services.AddRapportFeedback(configuration);
        services.AddSingleton<Features.Rooms.RoomLocks>();
        services.AddSingleton<Features.Rooms.RoomLogWriter>();
        services.AddSingleton<Features.Rooms.RoomStates>();
        services.AddSingleton<Features.Rooms.PinnedMaterials>();
        services.AddSingleton<Features.Rooms.PadRegistry>();
        services.AddSingleton<Features.Rooms.SessionFactTallies>();
        services.AddSingleton<Features.Rooms.RoomAttendance>();
        // The room ends the connections of a candidate link that stops working; Interviews only knows the listener.
        services.AddSingleton<Features.Rooms.CandidateConnections>();
        services.AddSingleton<ICandidateLinkListener>(s => s.GetRequiredService<Features.Rooms.CandidateConnections>());
        services.AddCodeRuns(configuration);
        // Hub refusals are warnings, logged once per connection and reason (HubRefusals), not SignalR's errors.
        services.AddExpectedRefusalLogging();
        // One call per connection at a time (SignalR's default) and a token bucket per connection:
        // a flooding client waits behind itself and gets refusals, never the room's lock or database.
        // Before it, a candidate link's connections are counted and refused once the link stops working.
        var signalR = services.AddSignalR(o =>
            {
                // One hub, the room's, with the pad on the same connection: a whole pad fits in one message (RoomHub.MaxMessageBytes).
                o.MaximumReceiveMessageSize = Features.Rooms.RoomHub.MaxMessageBytes;
                // Outermost: every refusal, whichever filter or method refused, is logged once as a warning.
                o.AddFilter<Features.Rooms.HubRefusals>();
                o.AddFilter<Features.Rooms.CandidateConnections>();
                o.AddFilter<Features.Rooms.ConnectionRateLimit>();
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new Rapport.Collab.ChangeSetJsonConverter()));
        // Several nodes: the room's messages between them through Redis (ADR 16); nothing for one node.
        services.AddRapportCluster(signalR, configuration);

        services.AddAntiforgery(o => o.Cookie.SecurePolicy = rapport.ServedOverHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        // A TLS-terminating proxy tells us the original scheme, host and caller.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Loopback always (the defaults); HAProxy elsewhere and a cluster's other nodes when named.
            var (addresses, networks) = rapport.TrustedProxyList();
            addresses.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
            // A request through HAProxy and then a forwarding node carries two hops: believe both when both are trusted.
            o.ForwardLimit = 2;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestProblems>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        return services;
    }

    private static void AddRapportAccounts(this IServiceCollection services, RapportOptions rapport)
    {
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                // Length over composition rules (NIST SP 800-63B).
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 4;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(3));
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "rapport.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Always Secure when people come over HTTPS (the proxy's scheme arrives in X-Forwarded-Proto);
            // plain HTTP stays usable on loopback for the embedded default.
            o.Cookie.SecurePolicy = rapport.ServedOverHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/access-denied";
            o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = SessionValidation.ValidateInOwnScopeAsync;
        });

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, CandidateLinkAuthenticationHandler>(CandidateLinkAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.All))
            .AddPolicy(Policies.Coordinator, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.Admin, StaffRoles.Coordinator))
            .AddPolicy(Policies.CoordinatorToPost, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAssertion(context =>
                context.Resource is not HttpContext { Request.Method: var method } || !HttpMethods.IsPost(method)
                || context.User.IsInRole(StaffRoles.Admin) || context.User.IsInRole(StaffRoles.Coordinator)))
            .AddPolicy(Policies.Admin, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireRole(StaffRoles.Admin))
            .AddPolicy(Policies.RoomParticipant, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, CandidateLinkAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(Policies.Candidate, p => p.AddAuthenticationSchemes(CandidateLinkAuthenticationHandler.SchemeName).RequireClaim(CandidateLinkAuthenticationHandler.InterviewClaim));
    }

    /// <summary>HTTP API callers get a status code; people in a browser get the sign-in page.</summary>
    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A request to open the room hub's WebSocket, seen before routing: Kestrel's upgrade (HTTP/1.1)
    /// or extended CONNECT (HTTP/2); <c>WebSockets.IsWebSocketRequest</c> is not known yet there,
    /// since SignalR adds the WebSocket middleware inside its endpoint.
    /// </summary>
    internal static bool IsRoomSocket(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Features.Rooms.RoomHub.Path)
        && (context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
            || context.WebSockets.IsWebSocketRequest);

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");

    public static WebApplication MapRapport(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<IOptions<RapportOptions>>().Value.ServedOverHttps)
        {
            app.UseHsts();
        }

        app.UseRequestLogScope();
        // Before anything else answers: a room connection another node serves goes there whole.
        app.UseRoomForwarding();
        app.UseSecurityHeaders();
        // Not the room hub's WebSocket: these two keep a frame each for as long as a request lasts,
        // and that request lasts the interview; SignalR answers its own requests' failures.
        app.UseWhen(c => IsApi(c.Request) && !IsRoomSocket(c), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !IsApi(c.Request), pages =>
        {
            pages.UseExceptionHandler("/error", createScopeForErrors: true);
            pages.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        });

        // Routing after the error and status pages, so that their re-executed requests find an endpoint.
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseUploadLimits();
        app.UseAntiforgery();
        app.UseAntiforgeryRequired();

        app.MapStaticAssets();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/healthz", StorageHealthCheck.Options).AllowAnonymous();
        app.MapThemePreference();
        app.MapDisplayPreferences();
        app.MapAccountEndpoints();
        app.MapInterviewEndpoints();
        app.MapCandidateEndpoints();
        app.MapBankEndpoints();
        app.MapMailEndpoints();
        app.MapSurveyEndpoints();
        app.MapScorecardEndpoints();
        app.MapDebriefEndpoints();
        app.MapCoachingEndpoints();
        app.MapFeedbackEndpoints();
        app.MapAuditEndpoints();
        app.MapHub<Features.Rooms.RoomHub>(Features.Rooms.RoomHub.Path);
        app.MapRazorComponents<App>().OnlyGetUnlessAcceptsPost();
        return app;
    }
}
