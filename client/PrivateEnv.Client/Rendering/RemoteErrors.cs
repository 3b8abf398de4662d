using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Client.Rendering;

/// <summary>How notebooks name a remote cell's error (Jupyter's ename, the Polyglot cell's failure) and where it happened.</summary>
public static class RemoteErrors
{
    /// <summary>"CompilationError", "RefusedByVerifier", "BudgetExceeded", "RemoteException", "Timeout", "WorkerLost", "KeyboardInterrupt", …</summary>
    public static string Name(ErrorKind kind) => kind switch
    {
        ErrorKind.Compile => "CompilationError",
        ErrorKind.Refused => "RefusedByVerifier",
        ErrorKind.Budget => "BudgetExceeded",
        ErrorKind.Runtime => "RemoteException",
        ErrorKind.Timeout => "Timeout",
        ErrorKind.WorkerLost => "WorkerLost",
        ErrorKind.Interrupted => "KeyboardInterrupt",
        ErrorKind.Release => "ReleaseRefused",
        ErrorKind.Invalid => "InvalidRequest",
        _ => "RemoteError",
    };

    /// <summary>"BudgetExceeded (remote cell line 2, column 7): Budget exceeded: …"; the message is the server's and quotes no private value.</summary>
    public static string Describe(CellError error)
    {
        var where = error.Line > 0 ? $" (remote cell line {error.Line}, column {error.Column})" : "";
        return $"{Name(error.Kind)}{where}: {error.Message}";
    }
}
