using System.Text;
using System.Text.Json.Nodes;
using PrivateEnv.Kernel.Protocol;

namespace PrivateEnv.Kernel.Tests;

public class ProtocolTests
{
    [Fact]
    public void Signature_matches_jupyter_client_reference()
    {
        // Reference computed with jupyter_client 7.4.9: Session(key=b"secret-key").sign(parts).
        var parts = new[] { "{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}", "{}", "{}", "{}" }.Select(Encoding.UTF8.GetBytes).ToArray();
        var signer = new MessageSigner("secret-key");
        Assert.Equal("d24613c901272087168eb7a17b371d2f54d14044dca08737846f4baf86191b6a", signer.Sign(parts));
        Assert.True(signer.Verify("d24613c901272087168eb7a17b371d2f54d14044dca08737846f4baf86191b6a", parts));
    }

    [Fact]
    public void Empty_key_disables_signing()
    {
        var signer = new MessageSigner("");
        Assert.Equal("", signer.Sign([[1, 2, 3]]));
        Assert.True(signer.Verify("", [[1, 2, 3]]));
    }

    [Fact]
    public void Codec_round_trips_identities_dicts_and_buffers()
    {
        var codec = new WireCodec(new MessageSigner("k"));
        var parent = JupyterMessage.Create("execute_request", new JsonObject { ["code"] = "1" }, null, "s");
        var message = JupyterMessage.Create("execute_reply", new JsonObject { ["status"] = "ok" }, parent, "s", [[7, 7]]);
        var decoded = codec.Decode(codec.Encode(message) is var frames ? [.. frames, [9]] : null!);

        Assert.Equal([7, 7], decoded.Identities.Single());
        Assert.Equal("execute_reply", decoded.MessageType);
        Assert.Equal(parent.MessageId, decoded.ParentHeader["msg_id"]!.GetValue<string>());
        Assert.Equal("ok", decoded.Content["status"]!.GetValue<string>());
        Assert.Equal("5.3", decoded.Header["version"]!.GetValue<string>());
        Assert.Equal([9], decoded.Buffers.Single());
    }

    [Fact]
    public void Codec_drops_a_tampered_message()
    {
        var codec = new WireCodec(new MessageSigner("k"));
        var frames = codec.Encode(JupyterMessage.Create("execute_request", new JsonObject { ["code"] = "1" }, null, "s"));
        frames[^1] = Encoding.UTF8.GetBytes("{\"code\":\"File.Delete(\\\"x\\\")\"}");
        var error = Assert.Throws<InvalidDataException>(() => codec.Decode(frames));
        Assert.Contains("signature", error.Message);
    }

    [Fact]
    public void Codec_rejects_frames_without_delimiter()
    {
        var codec = new WireCodec(new MessageSigner("k"));
        Assert.Throws<InvalidDataException>(() => codec.Decode([[1], [2]]));
    }

    [Fact]
    public void Connection_file_is_read()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005, "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "privateenv"}""");
        try
        {
            var info = ConnectionInfo.Load(path);
            Assert.Equal(5001, info.ShellPort);
            Assert.Equal(5005, info.HeartbeatPort);
            Assert.Equal("abc", info.Key);
            Assert.Equal("tcp://127.0.0.1:5002", info.Endpoint(info.IopubPort));
        }
        finally { File.Delete(path); }
    }
}
