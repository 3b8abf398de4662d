namespace PrivateEnv.Sandbox.Verification;

/// <summary>
/// The reviewed list of what cells may name (allowlist.txt, embedded). Types are matched by
/// metadata name (System.Collections.Generic.List`1, nested with '+'); members by name.
/// </summary>
public sealed class AllowList
{
    private readonly HashSet<string> namespaces = [];
    private readonly HashSet<string> wholeTypes = [];
    private readonly HashSet<string> nameableTypes = [];
    private readonly HashSet<string> members = [];
    private readonly HashSet<string> deniedTypes = [];
    private readonly HashSet<string> deniedMembers = [];
    private readonly HashSet<string> infraTypes = [];
    private readonly HashSet<string> infraMembers = [];

    public static AllowList Default { get; } = LoadEmbedded();

    public static AllowList Parse(string text)
    {
        var list = new AllowList();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new FormatException($"allowlist line {lineNumber}: expected KIND:NAME, got '{line}'.");
            var kind = line[..colon];
            var name = line[(colon + 1)..].Trim();
            switch (kind)
            {
                case "N": list.namespaces.Add(name); break;
                case "T": list.wholeTypes.Add(name); break;
                case "t": list.nameableTypes.Add(name); break;
                case "M": list.members.Add(name); list.nameableTypes.Add(TypeOf(name, lineNumber)); break;
                case "!T": list.deniedTypes.Add(name); break;
                case "!M": list.deniedMembers.Add(name); TypeOf(name, lineNumber); break;
                case "I":
                    if (name.Contains("::")) { list.infraMembers.Add(name); list.infraTypes.Add(TypeOf(name, lineNumber)); }
                    else list.infraTypes.Add(name);
                    break;
                default: throw new FormatException($"allowlist line {lineNumber}: unknown kind '{kind}'.");
            }
        }
        return list;
    }

    private static string TypeOf(string member, int lineNumber)
    {
        var split = member.IndexOf("::", StringComparison.Ordinal);
        if (split <= 0) throw new FormatException($"allowlist line {lineNumber}: member '{member}' needs Type::Member.");
        return member[..split];
    }

    private static AllowList LoadEmbedded()
    {
        using var stream = typeof(AllowList).Assembly.GetManifestResourceStream("PrivateEnv.Sandbox.allowlist.txt")
            ?? throw new InvalidOperationException("The embedded allow-list is missing from PrivateEnv.Sandbox.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>May a cell name this type (by metadata name, generic definition)?</summary>
    public bool IsTypeNameable(string typeName, string? ns, bool inIl = false)
    {
        if (deniedTypes.Contains(typeName)) return false;
        if (wholeTypes.Contains(typeName) || nameableTypes.Contains(typeName)) return true;
        if (ns is not null && namespaces.Contains(ns) && !typeName.Contains('+')) return true;
        var plus = typeName.LastIndexOf('+');
        if (plus > 0 && IsWholeType(typeName[..plus], ns)) return true;
        return inIl && infraTypes.Contains(typeName);
    }

    /// <summary>May a cell use this member of this type (declaring type's metadata name)?</summary>
    public bool IsMemberAllowed(string typeName, string? ns, string memberName, bool inIl = false)
    {
        var key = $"{typeName}::{memberName}";
        var plainKey = $"{typeName}::{StripAccessorPrefix(memberName)}";
        if (deniedTypes.Contains(typeName) || deniedMembers.Contains(key) || deniedMembers.Contains(plainKey)) return false;
        if (members.Contains(key) || members.Contains(plainKey)) return true;
        if (IsWholeType(typeName, ns)) return true;
        return inIl && (infraMembers.Contains(key) || (infraTypes.Contains(typeName) && !infraMembers.Any(m => m.StartsWith(typeName + "::", StringComparison.Ordinal))));
    }

    /// <summary>get_X, set_X, add_X, remove_X → X, so one line covers a property or event.</summary>
    private static string StripAccessorPrefix(string name)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["get_", "set_", "add_", "remove_"])
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return name[prefix.Length..];
        return name;
    }

    private bool IsWholeType(string typeName, string? ns)
    {
        if (deniedTypes.Contains(typeName)) return false;
        if (wholeTypes.Contains(typeName)) return true;
        if (ns is not null && namespaces.Contains(ns) && !typeName.Contains('+')) return true;
        var plus = typeName.LastIndexOf('+');
        return plus > 0 && IsWholeType(typeName[..plus], ns);
    }
}
