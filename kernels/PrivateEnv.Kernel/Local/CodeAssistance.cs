using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PrivateEnv.Kernel.Remote;
using PrivateEnv.Kernel.Rendering;
using PrivateEnv.Portable;

namespace PrivateEnv.Kernel.Local;

/// <summary>
/// Completion, inspection and is-complete checks for cells. Completion is reflection-based:
/// members of local variables and of types in the default namespaces, variables, keywords and
/// the `#!private` commands. Remote code is completed the same way (the names are the same libraries).
/// </summary>
public sealed class CodeAssistance(LocalInterpreter local)
{
    private static readonly Lazy<Dictionary<string, Type>> KnownTypes = new(LoadKnownTypes);
    private static readonly CSharpParseOptions ScriptParse = new(LanguageVersion.Preview, kind: SourceCodeKind.Script);

    public sealed record Completion(IReadOnlyList<string> Matches, int CursorStart, int CursorEnd);

    public Completion Complete(string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var lineStart = code.LastIndexOf('\n', Math.Max(0, cursor - 1)) + 1;
        var line = code[lineStart..cursor];
        var magic = PrivateMagic.Prefixes.FirstOrDefault(p => line.StartsWith(p, StringComparison.Ordinal));
        if (magic is not null)
        {
            var typed = line[magic.Length..].TrimStart();
            if (!typed.Contains(' '))
                return new Completion(PrivateMagic.Subcommands.Where(s => s.StartsWith(typed, StringComparison.Ordinal)).ToList(), cursor - typed.Length, cursor);
            return new Completion([], cursor, cursor);
        }

        var start = cursor;
        while (start > 0 && IsIdentifierChar(code[start - 1])) start--;
        var prefix = code[start..cursor];
        IEnumerable<string> candidates;
        if (start > 0 && code[start - 1] == '.')
        {
            var receiverEnd = start - 1;
            var receiverStart = receiverEnd;
            while (receiverStart > 0 && IsIdentifierChar(code[receiverStart - 1])) receiverStart--;
            candidates = MemberNames(code[receiverStart..receiverEnd]);
        }
        else
        {
            candidates = local.Variables.Select(v => v.Name)
                .Concat(GlobalMembers())
                .Concat(KnownTypes.Value.Keys)
                .Concat(Keywords());
        }
        var matches = candidates.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
        return new Completion(matches, start, cursor);
    }

    /// <summary>"complete", "incomplete" or "invalid" (Jupyter's is_complete statuses).</summary>
    public static string IsComplete(string code)
    {
        if (PrivateMagic.IsPrivate(code))
        {
            // The remote part is C# too: check it the same way.
            if (PrivateMagic.Parse(code) is PrivateMagic.Run run) code = run.Code;
            else return "complete";
        }
        var tree = CSharpSyntaxTree.ParseText(code, ScriptParse);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return "incomplete";
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? "invalid" : "complete";
    }

    /// <summary>Help text for the name under the cursor, or null when nothing is known about it.</summary>
    public string? Inspect(string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var start = cursor;
        while (start > 0 && IsIdentifierChar(code[start - 1])) start--;
        var end = cursor;
        while (end < code.Length && IsIdentifierChar(code[end])) end++;
        var word = code[start..end];
        if (word.Length == 0) return null;

        if (local.TryGetVariable(word, out var value))
        {
            var type = value?.GetType();
            return $"{word}: {(type is null ? "null" : LocalInterpreter.CSharpTypeName(type).Replace("global::", ""))}\n{Preview(value)}";
        }
        if (KnownTypes.Value.TryGetValue(word, out var known))
        {
            var members = known.GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true })
                .Select(m => m.Name).Distinct().Order(StringComparer.Ordinal).Take(60);
            return $"{known.FullName}\nmembers: {string.Join(", ", members)}";
        }
        if (word == "private")
            return "#!private (alias %%private): the rest of the cell runs on the PrivateEnv server.\n" +
                   "#!private connect --url URL --api-key KEY --dataset NAME\n#!private import NAME\n#!private odometer\n#!private close";
        return null;
    }

    private IEnumerable<string> MemberNames(string receiver)
    {
        Type? type = null;
        var instance = false;
        if (local.TryGetVariable(receiver, out var value) && value is not null) { type = value.GetType(); instance = true; }
        else if (KnownTypes.Value.TryGetValue(receiver, out var known)) type = known;
        if (type is null) return [];
        var flags = BindingFlags.Public | (instance ? BindingFlags.Instance : BindingFlags.Static);
        return type.GetMembers(flags)
            .Where(m => m is not MethodInfo { IsSpecialName: true } and not ConstructorInfo)
            .Select(m => m.Name);
    }

    private static IEnumerable<string> GlobalMembers() =>
        typeof(KernelGlobals).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m is not MethodInfo { IsSpecialName: true } and not ConstructorInfo && !m.Name.StartsWith("__", StringComparison.Ordinal))
            .Select(m => m.Name);

    private static IEnumerable<string> Keywords() =>
        SyntaxFacts.GetKeywordKinds().Concat(SyntaxFacts.GetContextualKeywordKinds()).Select(SyntaxFacts.GetText);

    private static string Preview(object? value)
    {
        var text = MimeBundle.PlainText(value);
        return text.Length > 500 ? text[..500] + "…" : text;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static Dictionary<string, Type> LoadKnownTypes()
    {
        var namespaces = LocalInterpreter.DefaultImports.ToHashSet(StringComparer.Ordinal);
        var assemblies = new[]
        {
            typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(Console).Assembly, typeof(List<>).Assembly,
            typeof(Stack<>).Assembly, typeof(System.Text.Json.JsonElement).Assembly, typeof(Privacy.IReleasable).Assembly,
            typeof(LocalModels).Assembly, typeof(PortableTable).Assembly,
        };
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var assembly in assemblies.Distinct())
            foreach (var type in assembly.GetExportedTypes())
                if (type.Namespace is { } ns && namespaces.Contains(ns) && !type.IsGenericTypeDefinition && !type.IsNested)
                    types.TryAdd(type.Name, type);
        return types;
    }
}
