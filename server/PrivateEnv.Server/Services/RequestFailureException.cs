namespace PrivateEnv.Server.Services;

/// <summary>
/// Why a request failed, in the domain's words; <see cref="StatusMappingInterceptor"/> turns each into its gRPC status.
/// Messages quote only what the caller sent or public server state (dataset names, limits).
/// </summary>
public abstract class RequestFailureException(string message) : Exception(message);

/// <summary>The request is malformed or names something it may not (InvalidArgument).</summary>
public sealed class InvalidRequestException(string message) : RequestFailureException(message);

/// <summary>No such dataset or session for this caller (NotFound): another analyst's session looks the same as none.</summary>
public sealed class NotFoundForCallerException(string message) : RequestFailureException(message);

/// <summary>No API key, or an unknown one (Unauthenticated).</summary>
public sealed class UnauthenticatedException(string message) : RequestFailureException(message);

/// <summary>Too many sessions or wrong keys (ResourceExhausted).</summary>
public sealed class ExhaustedException(string message) : RequestFailureException(message);

/// <summary>The server cannot serve this now: no worker, no ledger (Unavailable).</summary>
public sealed class UnavailableException(string message) : RequestFailureException(message);
