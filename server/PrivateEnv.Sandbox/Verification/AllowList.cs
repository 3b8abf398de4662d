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
    private readonly Dictionary<string, IlContext> infraTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IlContext> infraMembers = new(StringComparer.Ordinal);
    private readonly HashSet<string> typesWithInfraMembers = [];

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
                    var where = IlContext.Generated;
                    var at = name.IndexOf(" @", StringComparison.Ordinal);
                    if (at > 0)
                    {
                        where = name[(at + 2)..].Trim() switch
                        {
                            "lowering" => IlContext.Lowering,
                            "generated" => IlContext.Generated,
                            var other => throw new FormatException($"allowlist line {lineNumber}: unknown place '@{other}' (use @lowering or @generated)."),
                        };
                        name = name[..at].Trim();
                    }
                    if (name.Contains("::"))
                    {
                        list.infraMembers[name] = where;
                        var type = TypeOf(name, lineNumber);
                        list.typesWithInfraMembers.Add(type);
                        if (!list.infraTypes.TryGetValue(type, out var typeWhere) || typeWhere > where) list.infraTypes[type] = where;
                    }
                    else list.infraTypes[name] = where;
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

    /// <summary>May code in <paramref name="context"/> name this type (by metadata name, generic definition)?</summary>
    public bool IsTypeNameable(string typeName, string? ns, IlContext context = IlContext.Source)
    {
        if (deniedTypes.Contains(typeName)) return false;
        if (wholeTypes.Contains(typeName) || nameableTypes.Contains(typeName)) return true;
        if (ns is not null && namespaces.Contains(ns) && !typeName.Contains('+')) return true;
        var plus = typeName.LastIndexOf('+');
        if (plus > 0 && IsWholeType(typeName[..plus], ns)) return true;
        return infraTypes.TryGetValue(typeName, out var where) && where <= context;
    }

    /// <summary>May code in <paramref name="context"/> use this member of this type (declaring type's metadata name)?</summary>
    public bool IsMemberAllowed(string typeName, string? ns, string memberName, IlContext context = IlContext.Source)
    {
        var key = $"{typeName}::{memberName}";
        var plainKey = $"{typeName}::{StripAccessorPrefix(memberName)}";
        if (deniedTypes.Contains(typeName) || deniedMembers.Contains(key) || deniedMembers.Contains(plainKey)) return false;
        if (members.Contains(key) || members.Contains(plainKey)) return true;
        if (IsWholeType(typeName, ns)) return true;
        if (infraMembers.TryGetValue(key, out var where)) return where <= context;
        return !typesWithInfraMembers.Contains(typeName) && infraTypes.TryGetValue(typeName, out where) && where <= context;
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

/// <summary>
/// Where a reference appears. Source: named by the cell (the IOperation walk). Lowering: emitted
/// by the compiler for ordinary expressions anywhere (array initialisers, collection expressions).
/// Generated: inside compiler-generated methods and types only (state machines, closures,
/// &lt;PrivateImplementationDetails&gt;, synthesized record members). Each context allows the ones before it.
/// </summary>
public enum IlContext
{
    Source = 0,
    Lowering = 1,
    Generated = 2,
}
