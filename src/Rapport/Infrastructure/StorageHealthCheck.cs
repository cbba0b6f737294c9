using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rapport.Data;

namespace Rapport.Infrastructure;

/// <summary>Healthy when the database answers. Used by <c>/healthz</c>.</summary>
public sealed class StorageHealthCheck(AppDbContext db) : IHealthCheck
{
    public static readonly HealthCheckOptions Options = new()
    {
        ResponseWriter = async (context, report) =>
        {
            context.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(
                context.Response.Body,
                new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
                },
                cancellationToken: context.RequestAborted);
        },
    };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var provider = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? "postgres" : "sqlite";
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"{provider} answers")
            : HealthCheckResult.Unhealthy($"{provider} does not answer");
    }
}
