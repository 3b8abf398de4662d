using PrivateEnv.TestSupport;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>One server for a test class: demo dataset, ε=3 per session, 5 s cell timeout.</summary>
public sealed class SharedServer : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartAsync(["--session-epsilon", "3", "--cell-timeout", "5", "--warm-workers", "1"]);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>A server for long cells (training, many statistics): the same budget, a timeout fit for a busy machine.</summary>
public sealed class LongCellServer : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartAsync(["--session-epsilon", "3", "--cell-timeout", "300"]);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
