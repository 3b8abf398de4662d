using PrivateEnv.Server.Ledger;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Server.Tests;

/// <summary>A real PostgreSQL server for the ledger contract (started by the test run).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private Exception? startError;
    public PostgresServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        try { Server = await PostgresServer.StartAsync(); }
        catch (Exception e) when (e is not Xunit.SkipException) { startError = e; }
        catch (Xunit.SkipException e) { startError = e; }
    }

    public PostgresServer Require() => Server ?? throw startError!;

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}

public sealed class PostgresLedgerTests(PostgresFixture fixture) : LedgerContract, IClassFixture<PostgresFixture>
{
    protected override RelationalLedger OpenLedger() => RelationalLedger.Open(fixture.Require().ConnectionString());
}
