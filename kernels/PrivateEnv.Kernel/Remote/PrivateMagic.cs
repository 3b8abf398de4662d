using System.Text;

namespace PrivateEnv.Kernel.Remote;

/// <summary>What a `#!private` (or `%%private`) cell asks for.</summary>
public abstract record PrivateMagic
{
    public static readonly string[] Prefixes = ["#!private", "%%private"];
    public static readonly string[] Subcommands = ["connect", "import", "odometer", "close"];

    public sealed record Run(string Code) : PrivateMagic;
    public sealed record Connect(string? Url, string? ApiKey, IReadOnlyList<string> Datasets) : PrivateMagic;
    public sealed record Import(string Name) : PrivateMagic;
    public sealed record Odometer : PrivateMagic;
    public sealed record Close : PrivateMagic;
    public sealed record Invalid(string Message) : PrivateMagic;

    /// <summary>True when the cell's first non-blank line starts with a private prefix.</summary>
    public static bool IsPrivate(string cell) => FirstLine(cell, out _) is { } line && Prefixes.Any(p => IsPrefix(line, p));

    /// <summary>Parses a private cell; null for a local cell.</summary>
    public static PrivateMagic? Parse(string cell)
    {
        if (FirstLine(cell, out var rest) is not { } line) return null;
        var prefix = Prefixes.FirstOrDefault(p => IsPrefix(line, p));
        if (prefix is null) return null;

        var args = Tokenize(line[prefix.Length..]);
        if (args.Count == 0) return new Run(rest);
        var body = rest.Trim();
        var command = args[0];
        if (!Subcommands.Contains(command))
            return new Invalid($"Unknown '{prefix} {command}'. Use '{prefix}' alone on the first line to run the cell remotely, or one of: {string.Join(", ", Subcommands)}.");
        if (body.Length > 0)
            return new Invalid($"'{prefix} {command}' takes no code below it; put the code in its own '{prefix}' cell.");

        switch (command)
        {
            case "connect":
                string? url = null, key = null;
                var datasets = new List<string>();
                for (var i = 1; i < args.Count; i++)
                {
                    var option = args[i];
                    if (i + 1 >= args.Count) return new Invalid($"Option {option} needs a value, e.g. {prefix} connect --url http://127.0.0.1:50051 --api-key KEY --dataset patients.");
                    var value = args[++i];
                    switch (option)
                    {
                        case "--url": url = value; break;
                        case "--api-key": key = value; break;
                        case "--dataset": datasets.Add(value); break;
                        default: return new Invalid($"Unknown option '{option}' for connect; use --url, --api-key and --dataset (repeatable).");
                    }
                }
                return new Connect(url, key, datasets);
            case "import":
                return args.Count == 2 ? new Import(args[1]) : new Invalid($"Use '{prefix} import NAME' with one local variable name.");
            case "odometer":
                return args.Count == 1 ? new Odometer() : new Invalid($"'{prefix} odometer' takes no arguments.");
            default:
                return args.Count == 1 ? new Close() : new Invalid($"'{prefix} close' takes no arguments.");
        }
    }

    private static bool IsPrefix(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.Ordinal) && (line.Length == prefix.Length || char.IsWhiteSpace(line[prefix.Length]));

    private static string? FirstLine(string cell, out string rest)
    {
        var text = cell.TrimStart();
        rest = "";
        if (text.Length == 0) return null;
        var newline = text.IndexOf('\n');
        if (newline < 0) return text.TrimEnd();
        rest = text[(newline + 1)..];
        return text[..newline].TrimEnd();
    }

    /// <summary>Splits on whitespace; double or single quotes group words.</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inToken = false;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else current.Append(c);
            }
            else if (c is '"' or '\'') { quote = c; inToken = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken) { tokens.Add(current.ToString()); current.Clear(); inToken = false; }
            }
            else { current.Append(c); inToken = true; }
        }
        if (inToken) tokens.Add(current.ToString());
        return tokens;
    }
}
