using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rapport.Features.Runs.Workers;

/// <summary>
/// How a sandbox worker knows a request comes from a web node of its cluster: an HMAC-SHA256, keyed
/// by the shared <c>Sandbox:WorkerSecret</c>, of the method, the path, a timestamp and the body's
/// SHA-256. The secret itself never crosses the network. A worker refuses a signature older or
/// newer than <see cref="Window"/>, and one it has already seen, so a recorded request cannot be
/// played again.
/// </summary>
public sealed class WorkerSignature
{
    /// <summary>How far the two machines' clocks and the network may put a request off.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>A secret shorter than this is refused at start: it could be guessed.</summary>
    public const int MinimumSecretLength = 32;

    private readonly byte[] key;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);

    public WorkerSignature(string secret, TimeProvider time)
    {
        key = Encoding.UTF8.GetBytes(secret);
        this.time = time;
    }

    /// <summary>The two headers to send with a request of <paramref name="body"/>.</summary>
    public (string Timestamp, string Signature) Sign(string method, string path, ReadOnlySpan<byte> body)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return (timestamp, Compute(method, path, timestamp, body));
    }

    /// <summary>Why the request is refused, or null when it is a web node's, fresh and not seen before.</summary>
    public string? Refusal(string method, string path, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (Precheck(timestamp, signature) is { } early)
        {
            return early;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(method, path, timestamp!, body));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature!)))
        {
            return "a wrong signature: the web node's Sandbox:WorkerSecret is not this worker's";
        }

        var now = time.GetUtcNow();
        Forget(now);
        return seen.TryAdd(signature!, now + (2 * Window)) ? null : "a request already seen (replayed)";
    }

    /// <summary>
    /// What can be refused before the body is read: a request without the headers, or with a
    /// timestamp outside the window. So nobody without them makes a worker read a large body.
    /// </summary>
    public string? Precheck(string? timestamp, string? signature)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return $"no {WorkerProtocol.SignatureHeader}: the request is not from a Rapport web node";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var millis) || millis > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return "a malformed timestamp";
        }

        var now = time.GetUtcNow();
        var sent = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        if ((now - sent).Duration() > Window)
        {
            return $"a timestamp {(now - sent).TotalSeconds:0} s off this machine's clock (at most {Window.TotalSeconds:0} s): check that both machines keep time (NTP)";
        }

        return null;
    }

    private string Compute(string method, string path, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> bodyHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, bodyHash);
        var signed = Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{path}\n{timestamp}\n{Convert.ToHexStringLower(bodyHash)}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, signed));
    }

    /// <summary>Signatures past their window can no longer be replayed: no need to remember them.</summary>
    private void Forget(DateTimeOffset now)
    {
        if (seen.Count < 1024)
        {
            return;
        }

        foreach (var (signature, until) in seen)
        {
            if (until < now)
            {
                seen.TryRemove(signature, out _);
            }
        }
    }
}
