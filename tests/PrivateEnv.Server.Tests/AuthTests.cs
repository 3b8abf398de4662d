using PrivateEnv.Server.Auth;

namespace PrivateEnv.Server.Tests;

public class AuthTests
{
    [Fact]
    public void KeysAreStoredHashedAndVerifyOnlyThemselves()
    {
        var store = new ApiKeyStore();
        var hash = ApiKeyStore.HashKey("secret-key-1");
        Assert.DoesNotContain("secret-key-1", hash);
        Assert.StartsWith("pbkdf2-sha256$600000$", hash);
        store.AddHashed(new Analyst("alice"), hash);
        Assert.Equal("alice", store.Verify("secret-key-1")?.Id);
        Assert.Null(store.Verify("secret-key-2"));
        Assert.Null(store.Verify(""));
    }

    [Fact]
    public void AKeysFileGivesEachAnalystDatasetsAndBudgets()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, $$"""
                {"analysts": [
                  {"id": "alice", "key_hash": "{{ApiKeyStore.HashKey("alice-key-123")}}", "datasets": ["patients"], "session_epsilon": 1.5, "lifetime_epsilon": 5, "max_sessions": 2},
                  {"id": "bob", "key": "bob-key-1234"}
                ]}
                """);
            var store = new ApiKeyStore();
            store.LoadFile(path);
            var alice = store.Verify("alice-key-123")!;
            Assert.True(alice.MayOpen("patients"));
            Assert.False(alice.MayOpen("adult"));
            Assert.Equal((1.5, 5.0, 2), (alice.SessionEpsilon!.Value, alice.LifetimeEpsilon!.Value, alice.MaxSessions!.Value));
            Assert.True(store.Verify("bob-key-1234")!.MayOpen("anything"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void RepeatedWrongKeysFromOnePeerAreBlockedForAWindow()
    {
        var clock = new ManualClock();
        var limiter = new FailedAuthLimiter(clock);
        for (var i = 0; i < FailedAuthLimiter.MaxFailures; i++)
        {
            Assert.False(limiter.IsBlocked("ipv4:10.0.0.1:1000"));
            limiter.RecordFailure($"ipv4:10.0.0.1:{1000 + i}");
        }
        Assert.True(limiter.IsBlocked("ipv4:10.0.0.1:2000"));
        Assert.False(limiter.IsBlocked("ipv4:10.0.0.2:2000"));
        clock.Advance(FailedAuthLimiter.Window);
        Assert.False(limiter.IsBlocked("ipv4:10.0.0.1:2000"));
    }

    [Fact]
    public void Checks_running_at_once_count_against_the_limit_before_they_fail()
    {
        var limiter = new FailedAuthLimiter(new ManualClock());
        var begun = Enumerable.Range(0, 3 * FailedAuthLimiter.MaxFailures).Count(i => limiter.TryBeginCheck($"ipv4:10.0.0.3:{i}"));
        Assert.Equal(FailedAuthLimiter.MaxFailures, begun);
        for (var i = 0; i < begun; i++) limiter.EndCheck($"ipv4:10.0.0.3:{i}", failed: true);
        Assert.False(limiter.TryBeginCheck("ipv4:10.0.0.3:99"));
        Assert.True(limiter.TryBeginCheck("ipv4:10.0.0.4:1")); // another address
        limiter.EndCheck("ipv4:10.0.0.4:1", failed: false);
        Assert.True(limiter.TryBeginCheck("ipv4:10.0.0.4:2")); // a right key counts nothing
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => now;
        public void Advance(TimeSpan by) => now += by;
    }
}
