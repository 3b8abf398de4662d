using System.Text;
using System.Text.Json.Nodes;

namespace PrivateEnv.Kernel.Protocol;

/// <summary>
/// Jupyter's wire format: [identities…, "&lt;IDS|MSG&gt;", signature, header, parent_header,
/// metadata, content, buffers…].
/// </summary>
public sealed class WireCodec(MessageSigner signer)
{
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    public List<byte[]> Encode(JupyterMessage message)
    {
        var dicts = new[] { message.Header, message.ParentHeader, message.Metadata, message.Content }
            .Select(d => Encoding.UTF8.GetBytes(d.ToJsonString()))
            .ToArray();
        var frames = new List<byte[]>(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(dicts)));
        frames.AddRange(dicts);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Decodes frames; throws <see cref="InvalidDataException"/> for a malformed or badly signed message.</summary>
    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        var delimiter = -1;
        for (var i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        if (delimiter < 0 || frames.Count < delimiter + 6)
            throw new InvalidDataException("Malformed Jupyter message: missing <IDS|MSG> delimiter or parts.");
        var signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        var dicts = frames.Skip(delimiter + 2).Take(4).ToArray();
        if (!signer.Verify(signature, dicts))
            throw new InvalidDataException("Jupyter message with an invalid HMAC signature was dropped.");
        return new JupyterMessage
        {
            Identities = frames.Take(delimiter).ToArray(),
            Header = ParseObject(dicts[0]) ?? throw new InvalidDataException("Jupyter message without a header."),
            ParentHeader = ParseObject(dicts[1]) ?? new JsonObject(),
            Metadata = ParseObject(dicts[2]) ?? new JsonObject(),
            Content = ParseObject(dicts[3]) ?? new JsonObject(),
            Buffers = frames.Skip(delimiter + 6).ToArray(),
        };
    }

    private static JsonObject? ParseObject(byte[] json)
    {
        try { return JsonNode.Parse(json) as JsonObject; }
        catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"Jupyter message part is not JSON: {e.Message}"); }
    }
}
