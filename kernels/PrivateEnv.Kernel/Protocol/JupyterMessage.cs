using System.Text.Json.Nodes;

namespace PrivateEnv.Kernel.Protocol;

/// <summary>One Jupyter message: routing identities, the four JSON dicts and optional raw buffers.</summary>
public sealed class JupyterMessage
{
    public const string ProtocolVersion = "5.3";

    public IReadOnlyList<byte[]> Identities { get; init; } = [];
    public required JsonObject Header { get; init; }
    public JsonObject ParentHeader { get; init; } = new();
    public JsonObject Metadata { get; init; } = new();
    public JsonObject Content { get; init; } = new();
    public IReadOnlyList<byte[]> Buffers { get; init; } = [];

    public string MessageType => Header["msg_type"]?.GetValue<string>() ?? "";
    public string MessageId => Header["msg_id"]?.GetValue<string>() ?? "";
    public string Session => Header["session"]?.GetValue<string>() ?? "";

    /// <summary>A new message of <paramref name="type"/> whose parent is <paramref name="parent"/> (null for none).</summary>
    public static JupyterMessage Create(string type, JsonObject content, JupyterMessage? parent, string session, IReadOnlyList<byte[]>? identities = null) => new()
    {
        Identities = identities ?? [],
        Header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString("N"),
            ["session"] = session,
            ["username"] = parent?.Header["username"]?.GetValue<string>() ?? "kernel",
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"),
            ["msg_type"] = type,
            ["version"] = ProtocolVersion,
        },
        ParentHeader = parent is null ? new JsonObject() : (JsonObject)parent.Header.DeepClone(),
        Content = content,
    };
}
