using System.Globalization;
using System.Text;

namespace PrivateEnv.Hostile.Tests;

/// <summary>
/// The test dataset with planted canaries: one row's <c>secret</c> is <see cref="NumericCanary"/>
/// and its <c>note</c> (a private text column) is <see cref="TextCanary"/>. No output may ever
/// contain either.
/// </summary>
public static class CanaryDataset
{
    public const string Name = "canary";
    public const string TextCanary = "CANARY-ZQX4471-PLANTED";
    public const string NumericCanary = "48213.917";
    public const int Rows = 200;

    public const string MetadataJson = """
        {"columns":{
          "age":{"type":"numeric","lower":0,"upper":100},
          "secret":{"type":"numeric","lower":0,"upper":100000},
          "group":{"type":"categorical","categories":["a","b"]},
          "note":{"type":"text"}}}
        """;

    public static string Csv()
    {
        var csv = new StringBuilder("age,secret,group,note\n");
        for (var i = 0; i < Rows; i++)
        {
            var secret = i == 137 ? NumericCanary : (1000 + 17 * i).ToString(CultureInfo.InvariantCulture);
            var note = i == 137 ? TextCanary : "n" + i.ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{20 + i % 60},{secret},{(i % 3 == 0 ? "a" : "b")},{note}\n");
        }
        return csv.ToString();
    }

    /// <summary>Fails if <paramref name="text"/> contains a canary; <paramref name="where"/> names the channel.</summary>
    public static void AssertAbsent(string? text, string where)
    {
        if (string.IsNullOrEmpty(text)) return;
        Assert.False(text.Contains(TextCanary, StringComparison.OrdinalIgnoreCase), $"the text canary leaked through {where}");
        Assert.False(text.Contains(NumericCanary, StringComparison.Ordinal), $"the numeric canary leaked through {where}");
        Assert.False(text.Contains("ZQX4471", StringComparison.OrdinalIgnoreCase), $"part of the text canary leaked through {where}");
    }
}
