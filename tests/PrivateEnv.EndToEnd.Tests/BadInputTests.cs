using Grpc.Core;
using Grpc.Net.Client;
using PrivateEnv.Client;
using PrivateEnv.Protocol.V1;
using PrivateEnv.TestSupport;

namespace PrivateEnv.EndToEnd.Tests;

/// <summary>Bad requests get clear gRPC status codes and cost nothing.</summary>
public class BadInputTests(SharedServer fixture) : IClassFixture<SharedServer>
{
    private Protocol.V1.PrivateEnv.PrivateEnvClient RawClient() =>
        new(GrpcChannel.ForAddress(fixture.Server.Url));

    [Fact]
    public async Task AWrongApiKeyIsUnauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => PrivateEnvClient.ConnectAsync(fixture.Server.Url, "wrong-key-123456", ["patients"]));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task AfterTenWrongKeysAnAddressIsRefusedEvenWithTheRightKeyForAWhile()
    {
        // Its own server: the block would hold the shared one for a minute.
        await using var server = await ServerProcess.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            var wrong = await Assert.ThrowsAsync<RpcException>(() => PrivateEnvClient.ConnectAsync(server.Url, $"wrong-key-{i:D6}", ["patients"]));
            Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
            Assert.Contains("Unknown API key", wrong.Status.Detail);
        }
        var blocked = await Assert.ThrowsAsync<RpcException>(() => PrivateEnvClient.ConnectAsync(server.Url, server.ApiKey, ["patients"]));
        Assert.Equal(StatusCode.ResourceExhausted, blocked.StatusCode);
        Assert.Contains("Too many wrong API keys from this address", blocked.Status.Detail);
    }

    [Fact]
    public async Task AnUnknownDatasetIsNotFoundAndListsTheAvailableOnes()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => PrivateEnvClient.ConnectAsync(fixture.Server.Url, fixture.Server.ApiKey, ["nope"]));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("patients", error.Status.Detail);
    }

    [Fact]
    public async Task AnUnknownSessionIsNotFound()
    {
        var headers = new Metadata { { "authorization", "Bearer " + fixture.Server.ApiKey } };
        var error = await Assert.ThrowsAsync<RpcException>(() => RawClient().GetOdometerAsync(new GetOdometerRequest { SessionId = "0123456789abcdef" }, headers).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => RawClient().GetOdometerAsync(new GetOdometerRequest { SessionId = "0123456789abcdef" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task ACellOverOneMebibyteIsRejectedBeforeItRuns()
    {
        await using var session = await PrivateEnvClient.ConnectAsync(fixture.Server.Url, fixture.Server.ApiKey, ["patients"]);
        var huge = "// " + new string('x', 1024 * 1024 + 1);
        var error = await Assert.ThrowsAsync<RpcException>(() => session.RunAsync(huge));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(0, (await session.GetOdometerAsync()).Session.EpsilonSpent);
    }

    [Fact]
    public async Task ListingDatasetsShowsSchemaButNoValues()
    {
        var datasets = await PrivateEnvClient.ListDatasetsAsync(fixture.Server.Url, fixture.Server.ApiKey);
        var patients = Assert.Single(datasets);
        Assert.Equal(["F", "M"], patients.Columns.Single(c => c.Name == "sex").Categories);
    }

    [Fact]
    public async Task TheHealthServiceAnswers()
    {
        var health = new Grpc.Health.V1.Health.HealthClient(GrpcChannel.ForAddress(fixture.Server.Url));
        var reply = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest());
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }
}
