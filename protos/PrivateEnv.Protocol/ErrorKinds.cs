namespace PrivateEnv.Protocol.V1;

/// <summary>The short names of <see cref="ErrorKind"/> used in logs, CLI output and transcripts.</summary>
public static class ErrorKinds
{
    /// <summary>"compile", "refused", "budget", "runtime", "timeout", "worker_lost", "interrupted", "release", "invalid".</summary>
    public static string Name(this ErrorKind kind) => kind switch
    {
        ErrorKind.Compile => "compile",
        ErrorKind.Refused => "refused",
        ErrorKind.Budget => "budget",
        ErrorKind.Runtime => "runtime",
        ErrorKind.Timeout => "timeout",
        ErrorKind.WorkerLost => "worker_lost",
        ErrorKind.Interrupted => "interrupted",
        ErrorKind.Release => "release",
        ErrorKind.Invalid => "invalid",
        _ => "unspecified",
    };
}
