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

    private readonly ConcurrentDictionary<string, int> checking = new(StringComparer.Ordinal);

    /// <summary>
    /// Reserves a key check for <paramref name="peer"/>, or refuses when its failures so far plus the checks already
    /// running would reach the limit: many keys sent at once are not each checked before the first failures count.
    /// Call <see cref="EndCheck"/> after the check.
    /// </summary>
    public bool TryBeginCheck(string peer)
    {
        var host = PeerHost(peer);
        var running = checking.AddOrUpdate(host, 1, (_, n) => n + 1);
        var failures = peers.TryGetValue(host, out var entry) && clock.GetUtcNow() - entry.Start < Window ? entry.Failures : 0;
        if (failures + running <= MaxFailures) return true;
        checking.AddOrUpdate(host, 0, (_, n) => n - 1);
        return false;
    }

    /// <summary>Ends a check begun with <see cref="TryBeginCheck"/>; a wrong key counts as a failure.</summary>
    public void EndCheck(string peer, bool failed)
    {
        if (failed) RecordFailure(peer);
        checking.AddOrUpdate(PeerHost(peer), 0, (_, n) => n - 1);
    }

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
