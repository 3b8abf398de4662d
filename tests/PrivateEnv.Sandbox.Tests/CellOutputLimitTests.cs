using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Release;

namespace PrivateEnv.Sandbox.Tests;

public class CellOutputLimitTests
{
    [Fact]
    public void Bytes_and_events_stop_at_their_limits_and_a_new_cell_starts_afresh()
    {
        var limit = new CellOutputLimit();
        limit.Take(CellOutputLimit.MaxBytes - 10);
        var refused = Assert.Throws<ReleaseRefusedException>(() => limit.Take(11));
        Assert.Equal($"This cell's output would pass 32 MiB or 10,000 outputs, the most one cell may send; nothing more was sent. Print summaries or export fewer, smaller values.", refused.Message);
        limit.Take(10); // the refused event counted nothing
        Assert.False(limit.TryTake(1));

        limit.Reset();
        for (var i = 0; i < CellOutputLimit.MaxEvents; i++) limit.Take(1);
        Assert.Throws<ReleaseRefusedException>(() => limit.Take(0));
        limit.Reset();
        Assert.True(limit.TryTake(CellOutputLimit.MaxBytes));
    }
}
