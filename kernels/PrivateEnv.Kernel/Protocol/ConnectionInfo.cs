using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateEnv.Kernel.Protocol;

/// <summary>The connection file Jupyter writes for a kernel: where to bind and how to sign.</summary>
public sealed record ConnectionInfo
{
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    [JsonPropertyName("ip")] public string Ip { get; init; } = "127.0.0.1";
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }
    [JsonPropertyName("iopub_port")] public int IopubPort { get; init; }
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";

    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Connection file '{path}' does not exist; Jupyter passes it as the kernel's first argument.");
        var info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"Connection file '{path}' is empty.");
        if (info.Transport != "tcp")
            throw new InvalidDataException($"Transport '{info.Transport}' is not supported; use tcp.");
        if (info.SignatureScheme is not ("hmac-sha256" or ""))
            throw new InvalidDataException($"Signature scheme '{info.SignatureScheme}' is not supported; use hmac-sha256.");
        return info;
    }

    public string Endpoint(int port) => $"{Transport}://{Ip}:{port}";
}
