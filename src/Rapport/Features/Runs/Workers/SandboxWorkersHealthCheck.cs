using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rapport.Features.Runs.Workers;

/// <summary>
/// <c>sandbox</c> in <c>/healthz</c> on a web node that sends runs to workers: degraded (still 200)
/// when none takes runs, because the node still serves interviews, with Run switched off. For
/// monitoring, not for taking the node out of the load balancer.
/// </summary>
public sealed class SandboxWorkersHealthCheck(SandboxRuntime runtime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var availability = await runtime.AvailabilityAsync(cancellationToken);
        var workers = runtime.RemoteWorkers?.Workers ?? [];
        var taking = workers.Count(w => w.TakesRuns);
        return availability.Available
            ? HealthCheckResult.Healthy($"{taking} of {workers.Count} sandbox worker(s) take runs")
            : HealthCheckResult.Degraded($"Run is off in every room: {availability.OperatorDetail}");
    }
}
