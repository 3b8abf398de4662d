using System.Text;
using System.Text.Json;

namespace PrivateEnv.Client;

/// <summary>Encodes public .NET values for PrivateImport (the wire contract's portable encodings).</summary>
public static class ImportEncoder
{
    public static (string Kind, string Encoding, byte[] Payload) Encode(object value)
    {
        var kind = value switch
        {
            double or float => "double",
            int or long or short => "long",
            string => "string",
            bool => "bool",
            double[] or float[] => "double[]",
            int[] or long[] => "long[]",
            string[] => "string[]",
            bool[] => "bool[]",
            double[][] => "double[][]",
            _ => throw new ArgumentException($"Cannot import a {value.GetType().Name}; import numbers, strings, bools or arrays of them."),
        };
        return (kind, "json", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, value.GetType())));
    }
}
