using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PrivateEnv.Sandbox.Verification;

namespace PrivateEnv.Sandbox.Tests;

/// <summary>
/// The IL scan on its own (no verifier in front): plain C# compiled to a library, so each test
/// shows the scan catching what it must even if the IOperation walk had missed it.
/// </summary>
public class IlScannerTests
{
    private static readonly IlScanner Scanner = new(AllowList.Default);

    private static IReadOnlyList<Violation> Scan(string code, bool allowUnsafe = false, bool optimize = true)
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = new[] { "System.Private.CoreLib.dll", "System.Runtime.dll", "System.Collections.dll", "System.Linq.dll" }
            .Select(f => MetadataReference.CreateFromFile(Path.Combine(runtimeDir, f)));
        var compilation = CSharpCompilation.Create("privateenv-cell-iltest", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe, optimizationLevel: optimize ? OptimizationLevel.Release : OptimizationLevel.Debug));
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return Scanner.Scan(pe.ToArray());
    }

    private static string Text(IReadOnlyList<Violation> violations) => string.Join("\n", violations);

    [Fact]
    public void InfrastructureForGeneratedCodeIsRefusedInAUserMethod()
    {
        var violations = Scan("public class C { public int F() => System.Environment.CurrentManagedThreadId; }");
        Assert.Contains("System.Environment::get_CurrentManagedThreadId", Text(violations));
        Assert.Contains("outside compiler-generated code", Text(violations));
    }

    [Fact]
    public void TheSameInfrastructureIsAcceptedWhereTheCompilerPutsIt()
    {
        // An iterator's GetEnumerator reads Environment.CurrentManagedThreadId in the generated state machine.
        var violations = Scan("using System.Collections.Generic; public class C { public IEnumerable<int> F() { yield return 1; } }");
        Assert.Empty(violations);
    }

    [Fact]
    public void RecordMembersMayUseTypeEqualityButUserCodeMayNot()
    {
        Assert.Empty(Scan("public record R(int A);"));
        var violations = Scan("public class C { public bool Same(object a, object b) => a.GetType() == b.GetType(); }");
        Assert.Contains("GetType", Text(violations));
    }

    [Fact]
    public void AForbiddenGenericArgumentIsFoundInTypeSpecs()
    {
        var violations = Scan("using System.Collections.Generic; public class C { public int F() => new List<System.IO.FileInfo>().Count; }");
        Assert.Contains("System.IO.FileInfo", Text(violations));
    }

    [Fact]
    public void AForbiddenGenericMethodArgumentIsFoundInMethodSpecs()
    {
        var violations = Scan("using System.Linq; public class C { public int F() => Enumerable.Empty<System.Reflection.FieldInfo>().Count(); }");
        Assert.Contains("System.Reflection.FieldInfo", Text(violations));
    }

    [Fact]
    public void ForbiddenTypesInFieldsAndLocalsAreFound()
    {
        Assert.Contains("System.Threading.Thread", Text(Scan("public class C { public System.Threading.Thread T; }")));
        // Debug keeps the local in the method's local signature (Release would drop it).
        Assert.Contains("(locals) uses the type System.IO.Stream", Text(Scan("public class C { public int F() { System.IO.Stream s = null; return s == null ? 1 : 0; } }", optimize: false)));
    }

    [Fact]
    public void PointersInSignaturesAreRefused()
    {
        var violations = Scan("public unsafe class C { public int F(int* p) => 1; }", allowUnsafe: true);
        Assert.Contains("pointer", Text(violations));
    }

    [Fact]
    public void CellTypesMayNotDeriveFromLibraryTypes()
    {
        var violations = Scan("public class E : System.Exception { }");
        Assert.Contains("derives from System.Exception", Text(violations));
    }

    [Fact]
    public void StaticFieldsOfUserTypesAreRefusedButClosureCachesAreNot()
    {
        Assert.Contains("static field", Text(Scan("public class C { public static int Count; }")));
        Assert.Empty(Scan("using System; public class C { public Func<int, int> F() => x => x + 1; }"));
    }

    [Fact]
    public void DelegatesToForbiddenMethodsAreFoundThroughLdftn()
    {
        var violations = Scan("using System; public class C { public Func<string, string> F() => System.IO.File.ReadAllText; }");
        Assert.Contains("System.IO.File::ReadAllText", Text(violations));
    }

    [Fact]
    public void AllowListInfrastructurePlacesParse()
    {
        var list = AllowList.Parse("I:Some.Type::M @lowering\nI:Other.Type @generated\n");
        Assert.True(list.IsMemberAllowed("Some.Type", "Some", "M", IlContext.Lowering));
        Assert.False(list.IsMemberAllowed("Some.Type", "Some", "M", IlContext.Source));
        Assert.False(list.IsTypeNameable("Other.Type", "Other", IlContext.Lowering));
        Assert.True(list.IsTypeNameable("Other.Type", "Other", IlContext.Generated));
        Assert.Throws<FormatException>(() => AllowList.Parse("I:X.Y @somewhere\n"));
    }
}
