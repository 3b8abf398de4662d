using System.Collections.Concurrent;

namespace PrivateEnv.Server.Auth;

/// <summary>
/// Slows key guessing: after <see cref="MaxFailures"/> failed keys from one peer within a
/// window, that peer is refused until the window ends.
/// </summary>
public sealed class FailedAuthLimiter(TimeProvider clock)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, int Failures)> peers = new(StringComparer.Ordinal);

    public bool IsBlocked(string peer) =>
        peers.TryGetValue(PeerHost(peer), out var entry) && clock.GetUtcNow() - entry.Start < Window && entry.Failures >= MaxFailures;

    public void RecordFailure(string peer)
    {
        var now = clock.GetUtcNow();
        peers.AddOrUpdate(PeerHost(peer), _ => (now, 1), (_, e) => now - e.Start >= Window ? (now, 1) : (e.Start, e.Failures + 1));
    }

    /// <summary>"ipv4:127.0.0.1:5555" → "ipv4:127.0.0.1": the port changes per connection.</summary>
    private static string PeerHost(string peer)
    {
        var colon = peer.LastIndexOf(':');
        return colon > 0 ? peer[..colon] : peer;
    }
}
