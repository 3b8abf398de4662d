using System.Data.Common;

namespace PrivateEnv.Server.Ledger;

/// <summary>What differs between the ledger's databases: connections, schema types, locking.</summary>
public interface ILedgerDialect : IDisposable
{
    string Name { get; }

    /// <summary>A connection to use for one operation (pooled or shared; dispose through <see cref="Release"/>).</summary>
    Task<DbConnection> AcquireAsync();

    void Release(DbConnection connection);

    /// <summary>Schema statements, run once at start.</summary>
    IEnumerable<string> Schema { get; }

    /// <summary>
    /// Begins the transaction in which a charge is checked and recorded, holding a lock that
    /// serialises all charges of <paramref name="analyst"/> (across processes and nodes).
    /// </summary>
    Task<DbTransaction> BeginChargeAsync(DbConnection connection, string analyst);
}
