using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using PrivateEnv.Server.Services;
using PrivateEnv.Server.Sessions;

namespace PrivateEnv.Server.Tests;

/// <summary>Domain failures become their status codes in one place; anything unexpected says nothing of its details.</summary>
public class StatusMappingInterceptorTests
{
    private static readonly StatusMappingInterceptor Interceptor = new(NullLogger<StatusMappingInterceptor>.Instance);

    public static TheoryData<Exception, StatusCode> Failures() => new()
    {
        { new InvalidRequestException("bad cell"), StatusCode.InvalidArgument },
        { new NotFoundForCallerException("no session"), StatusCode.NotFound },
        { new UnauthenticatedException("no key"), StatusCode.Unauthenticated },
        { new ExhaustedException("slow down"), StatusCode.ResourceExhausted },
        { new SessionLimitException("too many sessions"), StatusCode.ResourceExhausted },
        { new UnavailableException("no worker"), StatusCode.Unavailable },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Each_domain_failure_has_its_status_and_keeps_its_message(Exception failure, StatusCode code)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Interceptor.UnaryServerHandler<string, string>("", new FakeContext(), (_, _) => throw failure));
        Assert.Equal(code, error.StatusCode);
        Assert.Equal(failure.Message, error.Status.Detail);
    }

    [Fact]
    public async Task An_unexpected_exception_is_internal_with_a_fixed_message()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Interceptor.ServerStreamingServerHandler<string, string>(
            "", null!, new FakeContext(), (_, _, _) => throw new IOException("/srv/private/adult.csv: row 17 has 'SECRET'")));
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.DoesNotContain("SECRET", error.Status.Detail);
        Assert.DoesNotContain("adult.csv", error.Status.Detail);
    }

    [Fact]
    public async Task A_status_the_service_chose_passes_unchanged()
    {
        var chosen = new RpcException(new Status(StatusCode.FailedPrecondition, "as chosen"));
        var error = await Assert.ThrowsAsync<RpcException>(() => Interceptor.UnaryServerHandler<string, string>("", new FakeContext(), (_, _) => throw chosen));
        Assert.Same(chosen, error);
    }

    private sealed class FakeContext : ServerCallContext
    {
        protected override string MethodCore => "/privateenv.v1.PrivateEnv/Test";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore { get; } = [];
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore { get; } = [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
