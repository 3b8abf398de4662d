using Grpc.Core;
using Grpc.Net.Client;
using PrivateEnv.Client;
using PrivateEnv.Protocol.V1;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Hostile.Tests.Server;

/// <summary>
/// A session answers only to the analyst who opened it, every call carries the API key, and no log line carries a
/// full session id (ids were logged at info level, and any holder of an id could drive the session).
/// </summary>
public class SessionOwnershipTests
{
    private const string AliceKey = "alice-key-0123456789";
    private const string BobKey = "bob-key-0123456789";

    [Fact]
    public async Task Another_analysts_valid_key_cannot_touch_a_session()
    {
        var keys = Path.Combine(Directory.CreateTempSubdirectory("privateenv-keys-").FullName, "keys.json");
        await File.WriteAllTextAsync(keys, $$"""{"analysts": [{"id": "alice", "key": "{{AliceKey}}"}, {"id": "bob", "key": "{{BobKey}}"}]}""");
        await using var server = await ServerProcess.StartAsync(["--keys-file", keys]);
        await using var alice = await PrivateEnvClient.ConnectAsync(server.Url, AliceKey, ["patients"]);
        Assert.Equal("", (await alice.RunAsync("var kept = 7;")).Error?.Message ?? "");

        using var channel = GrpcChannel.ForAddress(server.Url);
        Protocol.V1.PrivateEnv.PrivateEnvClient As(string? key) => new(key is null ? channel.CreateCallInvoker() : new KeyedInvoker(channel, key));
        var id = alice.Id;
        var calls = new Func<Protocol.V1.PrivateEnv.PrivateEnvClient, Task>[]
        {
            c => c.GetOdometerAsync(new GetOdometerRequest { SessionId = id }).ResponseAsync,
            c => c.InterruptAsync(new InterruptRequest { SessionId = id }).ResponseAsync,
            c => c.PrivateImportAsync(new PrivateImportRequest { SessionId = id, Name = "x", Kind = ValueKind.Double, Encoding = ValueEncoding.Json, Payload = Google.Protobuf.ByteString.CopyFromUtf8("1") }).ResponseAsync,
            async c => { using var call = c.Execute(new ExecuteRequest { SessionId = id, Code = "Print(kept);" }); await call.ResponseStream.MoveNext(); },
            c => c.CloseSessionAsync(new CloseSessionRequest { SessionId = id }).ResponseAsync,
        };
        foreach (var call in calls)
        {
            var asBob = await Assert.ThrowsAsync<RpcException>(() => call(As(BobKey)));
            Assert.Equal(StatusCode.NotFound, asBob.StatusCode);   // the same answer as for an id that does not exist
            var anonymous = await Assert.ThrowsAsync<RpcException>(() => call(As(null)));
            Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        }

        // Alice's session kept its state; the server's log names it only by a prefix.
        Assert.Equal("7\n", (await alice.RunAsync("Print(kept);")).Stdout);
        Assert.Equal(0, (await alice.GetOdometerAsync()).Session.EpsilonSpent);
        await alice.CloseAsync();
        // The server's console logger writes from a queue: wait (bounded) for the close line before reading the log.
        for (var waited = 0; !server.Log.Contains($"session {id[..8]} closed", StringComparison.Ordinal) && waited < 100; waited++) await Task.Delay(100);
        Assert.DoesNotContain(id, server.Log);
        Assert.Contains(id[..8], server.Log);
    }

    private sealed class KeyedInvoker(GrpcChannel channel, string key) : CallInvoker
    {
        private readonly CallInvoker inner = channel.CreateCallInvoker();
        private CallOptions With(CallOptions options) => options.WithHeaders(new Metadata { { "authorization", "Bearer " + key } });
        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => inner.BlockingUnaryCall(method, host, With(options), request);
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => inner.AsyncUnaryCall(method, host, With(options), request);
        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => inner.AsyncServerStreamingCall(method, host, With(options), request);
        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => inner.AsyncClientStreamingCall(method, host, With(options));
        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => inner.AsyncDuplexStreamingCall(method, host, With(options));
    }
}
