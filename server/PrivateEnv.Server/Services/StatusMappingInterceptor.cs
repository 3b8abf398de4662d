using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PrivateEnv.Server.Services;

/// <summary>
/// The one place domain failures become gRPC statuses, so services only translate wire ↔ domain. Anything unexpected
/// becomes Internal with a fixed message (its details go to the server log, never to the caller).
/// </summary>
public sealed class StatusMappingInterceptor(ILogger<StatusMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (Exception e) when (ToStatus(e, context) is { } status) { throw new RpcException(status); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (Exception e) when (ToStatus(e, context) is { } status) { throw new RpcException(status); }
    }

    private Status? ToStatus(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException: return null;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested: return null;
            case InvalidRequestException: return new Status(StatusCode.InvalidArgument, exception.Message);
            case NotFoundForCallerException: return new Status(StatusCode.NotFound, exception.Message);
            case UnauthenticatedException: return new Status(StatusCode.Unauthenticated, exception.Message);
            case ExhaustedException or Sessions.SessionLimitException: return new Status(StatusCode.ResourceExhausted, exception.Message);
            case UnavailableException: return new Status(StatusCode.Unavailable, exception.Message);
            case System.Data.Common.DbException:
                logger.LogError(exception, "{Method}: the ledger failed", context.Method);
                return new Status(StatusCode.Unavailable, "The ledger cannot record this right now; nothing was opened or spent. Try again later or tell the server's operator.");
            default:
                logger.LogError(exception, "{Method} failed", context.Method);
                return new Status(StatusCode.Internal, "The server failed on this request; its log has the details.");
        }
    }
}
