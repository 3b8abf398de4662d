using Microsoft.CodeAnalysis;

namespace PrivateEnv.Sandbox.Verification;

/// <summary>Metadata-style names of Roslyn symbols, as the allow-list writes them.</summary>
internal static class SymbolNames
{
    /// <summary>System.Collections.Generic.List`1, Outer+Inner for nested types.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        var name = definition.MetadataName;
        for (var outer = definition.ContainingType; outer is not null; outer = outer.ContainingType)
            name = outer.MetadataName + "+" + name;
        var ns = Namespace(definition);
        return string.IsNullOrEmpty(ns) ? name : ns + "." + name;
    }

    public static string? Namespace(INamedTypeSymbol type)
    {
        var outermost = type.OriginalDefinition;
        while (outermost.ContainingType is not null) outermost = outermost.ContainingType;
        var ns = outermost.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? null : ns.ToDisplayString();
    }
}
