using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Rapport.Features.Runs.Workers;

namespace Rapport.Tests.Runs;

/// <summary>The signature between web nodes and sandbox workers (ADR 17), checked against OpenSSL's HMAC.</summary>
public sealed class WorkerSignatureTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef-worker";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"language\":\"python\",\"source\":\"print('é ✓ 🙂')\"}");

    [Fact]
    public async Task TheSignature_IsOpenSslsHmacSha256_OfMethodPathTimestampAndBodyHash()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123));
        var (timestamp, signature) = new WorkerSignature(Secret, time).Sign("POST", "/v1/runs", Body);

        // The signed text, written out as ADR 17 describes it, signed by another implementation.
        var signed = $"POST\n/v1/runs\n{timestamp}\n{Convert.ToHexStringLower(SHA256.HashData(Body))}";
        var info = new ProcessStartInfo("openssl", ["dgst", "-sha256", "-hmac", Secret, "-r"]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var openssl = Process.Start(info)!;
        await openssl.StandardInput.WriteAsync(signed);
        openssl.StandardInput.Close();
        var expected = (await openssl.StandardOutput.ReadToEndAsync()).Split(' ')[0];
        await openssl.WaitForExitAsync();

        Assert.Equal("1790000000123", timestamp);
        Assert.Equal(expected, signature);
    }

    [Fact]
    public void AWorker_RefusesEveryChange_AStaleOrFutureTimestamp_AndAReplay_ButNotTheGenuineRequestOnce()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var node = new WorkerSignature(Secret, time);
        var worker = new WorkerSignature(Secret, time);
        var (timestamp, signature) = node.Sign("POST", "/v1/runs", Body);

        Assert.Contains("wrong signature", worker.Refusal("POST", "/v1/status", timestamp, signature, Body), StringComparison.Ordinal);
        Assert.Contains("wrong signature", worker.Refusal("GET", "/v1/runs", timestamp, signature, Body), StringComparison.Ordinal);
        Assert.Contains("wrong signature", worker.Refusal("POST", "/v1/runs", timestamp, signature, [.. Body, (byte)' ']), StringComparison.Ordinal);
        Assert.Contains("wrong signature", worker.Refusal("POST", "/v1/runs", (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), signature, Body), StringComparison.Ordinal);
        Assert.Contains("wrong signature", new WorkerSignature(Secret + "x", time).Refusal("POST", "/v1/runs", timestamp, signature, Body), StringComparison.Ordinal);
        Assert.Contains("no X-Rapport-Signature", worker.Refusal("POST", "/v1/runs", timestamp, null, Body), StringComparison.Ordinal);
        Assert.Contains("malformed timestamp", worker.Refusal("POST", "/v1/runs", "-5", signature, Body), StringComparison.Ordinal);
        Assert.Contains("malformed timestamp", worker.Refusal("POST", "/v1/runs", "99999999999999999999", signature, Body), StringComparison.Ordinal);

        Assert.Null(worker.Refusal("POST", "/v1/runs", timestamp, signature, Body));
        Assert.Contains("already seen", worker.Refusal("POST", "/v1/runs", timestamp, signature, Body), StringComparison.Ordinal);

        // Past the window a recorded request is stale, whether or not it was seen.
        var (later, laterSignature) = node.Sign("POST", "/v1/runs", Body);
        time.Advance(WorkerSignature.Window + TimeSpan.FromSeconds(1));
        Assert.Contains("off this machine's clock", worker.Refusal("POST", "/v1/runs", later, laterSignature, Body), StringComparison.Ordinal);
        // And a node whose clock runs ahead by more than the window is refused with the fix.
        var ahead = new FakeTimeProvider(time.GetUtcNow() + TimeSpan.FromMinutes(2));
        var (future, futureSignature) = new WorkerSignature(Secret, ahead).Sign("POST", "/v1/runs", Body);
        Assert.Contains("NTP", worker.Refusal("POST", "/v1/runs", future, futureSignature, Body), StringComparison.Ordinal);
    }
}
