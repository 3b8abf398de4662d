using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;

namespace PrivateEnv.Kernel.Protocol;

/// <summary>The IOPub broadcast socket. Shell and control threads both publish, so sends are serialised.</summary>
public sealed class IopubChannel(PublisherSocket socket, WireCodec codec, string session)
{
    private readonly object gate = new();

    public void Publish(string type, JsonObject content, JupyterMessage? parent, JsonObject? metadata = null)
    {
        var message = JupyterMessage.Create(type, content, parent, session, [System.Text.Encoding.UTF8.GetBytes(type)]);
        if (metadata is not null) foreach (var (k, v) in metadata) message.Metadata[k] = v?.DeepClone();
        var frames = codec.Encode(message);
        lock (gate)
        {
            var wire = new NetMQMessage();
            foreach (var frame in frames) wire.Append(frame);
            socket.SendMultipartMessage(wire);
        }
    }

    public void Status(string state, JupyterMessage parent) =>
        Publish("status", new JsonObject { ["execution_state"] = state }, parent);
}
