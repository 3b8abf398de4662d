using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;
using PrivateEnv.Kernel.Protocol;

namespace PrivateEnv.Kernel.Tests;

/// <summary>Checks what goes out on IOPub through real NetMQ sockets.</summary>
public class CellOutputTests
{
    [Fact]
    public void A_display_id_creates_once_then_updates_in_place()
    {
        using var publisher = new PublisherSocket();
        var port = publisher.BindRandomPort("tcp://127.0.0.1");
        using var subscriber = new SubscriberSocket($"tcp://127.0.0.1:{port}");
        subscriber.SubscribeToAnyTopic();
        var codec = new WireCodec(new MessageSigner("key"));
        var iopub = new IopubChannel(publisher, codec, "session");
        var request = JupyterMessage.Create("execute_request", new JsonObject(), null, "client");

        // PUB/SUB drops messages until the subscription arrives: publish probes until one gets through.
        var received = new NetMQMessage();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do iopub.Status("idle", request);
        while (!subscriber.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(50), ref received) && DateTime.UtcNow < deadline);
        while (subscriber.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(100), ref received)) { }

        var output = new CellOutput(iopub, request, 1);
        output.Display(new JsonObject { ["text/plain"] = "1/2" }, "bar");
        output.Display(new JsonObject { ["text/plain"] = "2/2" }, "bar");
        output.Display(new JsonObject { ["text/plain"] = "plain" });

        var messages = Enumerable.Range(0, 3).Select(_ =>
        {
            var wire = subscriber.ReceiveMultipartMessage();
            return codec.Decode(wire.Select(f => f.ToByteArray()).ToList());
        }).ToList();

        Assert.Equal(["display_data", "update_display_data", "display_data"], messages.Select(m => m.MessageType));
        Assert.Equal("bar", messages[1].Content["transient"]!["display_id"]!.GetValue<string>());
        Assert.Equal("2/2", messages[1].Content["data"]!["text/plain"]!.GetValue<string>());
        Assert.All(messages, m => Assert.Equal(request.MessageId, m.ParentHeader["msg_id"]!.GetValue<string>()));
    }
}
