using PrivateEnv.Protocol.V1;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using PrivateEnv.Sandbox.Verification;

namespace PrivateEnv.Sandbox.Hosting;

/// <summary>A cell compiled, verified and emitted, ready to load; or why it cannot run.</summary>
public sealed record CompiledCell(CSharpCompilation Compilation, byte[]? Image, byte[]? Pdb, IReadOnlyList<Violation> Errors, ErrorKind ErrorKind)
{
    public bool Succeeded => Image is not null && Errors.Count == 0;
}

/// <summary>
/// Compiles cells as Roslyn script submissions chained on the previous ones (so variables
/// survive), checks them with the <see cref="CellVerifier"/> and the <see cref="IlScanner"/>,
/// and emits the bytes that will run: the scanned bytes are the executed bytes.
/// </summary>
public sealed class CellCompiler
{
    public const string AssemblyPrefix = "privateenv-cell-";

    private static readonly string[] DefaultImports =
        ["System", "System.Linq", "System.Collections.Generic", "System.Text", "PrivateEnv.DataFrame", "PrivateEnv.Learning", "PrivateEnv.Learning.Layers", "PrivateEnv.Privacy.Accounting"];

    private readonly ImmutableArray<MetadataReference> references;
    private readonly CSharpCompilationOptions options;
    private readonly CSharpParseOptions parseOptions = CSharpParseOptions.Default
        .WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);
    private readonly CellVerifier verifier;
    private readonly IlScanner scanner;
    private int counter;

    public CellCompiler(AllowList allowList, IEnumerable<Assembly> libraryAssemblies, IEnumerable<string>? extraImports = null)
        : this(allowList, libraryAssemblies.Select(a => a.Location), extraImports)
    {
    }

    /// <summary>
    /// A compiler over the libraries at <paramref name="libraryPaths"/>, read as metadata only: a library is loaded (and
    /// its module initializer runs, e.g. libtorch's start for the learning library) only when a cell first uses it.
    /// </summary>
    public CellCompiler(AllowList allowList, IEnumerable<string> libraryPaths, IEnumerable<string>? extraImports = null)
    {
        verifier = new CellVerifier(allowList);
        scanner = new IlScanner(allowList);
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = new HashSet<string>(StringComparer.Ordinal)
        {
            typeof(object).Assembly.Location,
            Path.Combine(runtimeDir, "System.Runtime.dll"),
            Path.Combine(runtimeDir, "System.Collections.dll"),
            Path.Combine(runtimeDir, "System.Linq.dll"),
            typeof(CellGlobals).Assembly.Location,
        };
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var library in libraryPaths)
        {
            paths.Add(library);
            var (referenced, exported) = ReadMetadata(library);
            namespaces.UnionWith(exported);
            foreach (var name in referenced)
            {
                var candidate = Path.Combine(runtimeDir, name + ".dll");
                if (File.Exists(candidate)) paths.Add(candidate);
                else
                {
                    var beside = Path.Combine(Path.GetDirectoryName(library)!, name + ".dll");
                    if (File.Exists(beside)) paths.Add(beside);
                }
            }
        }
        // AssemblyMetadata.CreateFromFile maps each file (its pages shared with every other worker through the page
        // cache); MetadataReference.CreateFromFile would copy each whole image (CoreLib alone is 15 MB) into private memory.
        references = [.. paths.Select(p => (MetadataReference)AssemblyMetadata.CreateFromFile(p).GetReference(filePath: p))];
        options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                usings: DefaultImports.Where(ns => !ns.StartsWith("PrivateEnv.", StringComparison.Ordinal) || namespaces.Contains(ns)).Concat(extraImports ?? []),
                optimizationLevel: OptimizationLevel.Release,
                allowUnsafe: false,
                concurrentBuild: false,
                nullableContextOptions: NullableContextOptions.Disable)
            .WithMetadataImportOptions(MetadataImportOptions.Public)
            .WithSourceReferenceResolver(null)
            .WithMetadataReferenceResolver(null);
    }

    /// <summary>An assembly's references and the namespaces of its public types, from its metadata (nothing is loaded).</summary>
    private static (List<string> References, HashSet<string> Namespaces) ReadMetadata(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var references = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public) namespaces.Add(md.GetString(type.Namespace));
        }
        return (references, namespaces);
    }

    /// <summary>
    /// Compiles <paramref name="code"/> after <paramref name="previous"/>. Trusted code (the host's
    /// own prelude) skips verification; every analyst cell is verified.
    /// </summary>
    public CompiledCell Compile(string code, CSharpCompilation? previous, bool trusted = false)
    {
        var tree = CSharpSyntaxTree.ParseText(Microsoft.CodeAnalysis.Text.SourceText.From(code, System.Text.Encoding.UTF8), parseOptions, path: "cell");
        var name = AssemblyPrefix + Interlocked.Increment(ref counter) + "-" + Guid.NewGuid().ToString("N")[..8];
        // A submission inherits its predecessors' references; passing them again would grow every later
        // compilation's reference map by the whole list (quadratic memory over a long session).
        var compilation = CSharpCompilation.CreateScriptCompilation(name, tree, previous is null ? references : [], options, previous, typeof(object), typeof(CellGlobals));

        if (!trusted)
        {
            var syntaxViolations = CellVerifier.CheckSyntax(tree);
            if (syntaxViolations.Count > 0) return new CompiledCell(compilation, null, null, syntaxViolations, ErrorKind.Refused);
        }
        // The verifier binds the cell through a semantic model, which Roslyn cannot share with Emit's own
        // binding; so it runs on a second thread while Emit runs here (a cell's compile is otherwise
        // single-threaded). Emitting runs nothing: the verdict and the IL scan still decide before
        // anything is loaded, and a verifier that throws fails the cell closed.
        var verification = trusted ? null : Task.Run(() => verifier.VerifySemantics(compilation, tree));
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var emitted = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            // The verdict on code that does not compile is moot, but the verifier must be done before the next cell.
            try { verification?.Wait(); } catch (AggregateException) { }
            // A BCL API whose assembly cells do not get (System.Net, System.Diagnostics.Process, …) is a refusal, not a typo.
            var unavailable = trusted ? [] : errors.Where(IsUnavailableApi).ToList();
            return unavailable.Count > 0
                ? new CompiledCell(compilation, null, null, unavailable.Select(d => ToViolation(d) with { Message = "not available to cells (not on the allow-list): " + ToViolation(d).Message }).ToList(), ErrorKind.Refused)
                : new CompiledCell(compilation, null, null, errors.Select(ToViolation).ToList(), ErrorKind.Compile);
        }

        var violations = verification?.GetAwaiter().GetResult() ?? [];
        if (violations.Count > 0) return new CompiledCell(compilation, null, null, violations, ErrorKind.Refused);

        var image = pe.ToArray();
        if (!trusted)
        {
            var ilViolations = scanner.Scan(image);
            if (ilViolations.Count > 0) return new CompiledCell(compilation, null, null, ilViolations, ErrorKind.Refused);
        }
        return new CompiledCell(compilation, image, pdb.ToArray(), [], ErrorKind.Unspecified);
    }

    /// <summary>"X does not exist in namespace System…" or "X was forwarded to another assembly": an API cells cannot reach.</summary>
    private static bool IsUnavailableApi(Diagnostic diagnostic) =>
        diagnostic.Id is "CS0234" or "CS1069" or "CS0012"
        && diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture) is var message
        && (message.Contains("namespace 'System", StringComparison.Ordinal) || message.Contains("namespace 'Microsoft", StringComparison.Ordinal) || diagnostic.Id != "CS0234");

    private static Violation ToViolation(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return new Violation($"{diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}",
            span.IsValid ? span.StartLinePosition.Line + 1 : 0, span.IsValid ? span.StartLinePosition.Character + 1 : 0);
    }
}
