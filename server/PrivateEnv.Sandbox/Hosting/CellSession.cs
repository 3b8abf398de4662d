using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.CSharp;
using PrivateEnv.Sandbox.Release;

namespace PrivateEnv.Sandbox.Hosting;

/// <summary>
/// A REPL: runs compiled cells one after another, each seeing the variables of the ones before
/// (Roslyn submissions chained through one submission array, as the scripting API does).
/// Cell assemblies load into this session's own collectible load context.
/// </summary>
public sealed class CellSession : IDisposable
{
    private readonly CellCompiler compiler;
    private readonly CellLoadContext loadContext = new();
    private CSharpCompilation? previous;
    private object?[] submissions;
    private int submissionCount;

    public CellSession(CellCompiler compiler, CellGlobals globals)
    {
        this.compiler = compiler;
        Globals = globals;
        submissions = new object?[16];
        submissions[0] = globals;
        ReleaseGate.IsCellAssembly = a => a.GetName().Name?.StartsWith(CellCompiler.AssemblyPrefix, StringComparison.Ordinal) == true;
    }

    public CellGlobals Globals { get; }

    public CompiledCell Compile(string code, bool trusted = false) => compiler.Compile(code, previous, trusted);

    /// <summary>Runs a successfully compiled cell; returns its final value (or null).</summary>
    public async Task<object?> RunAsync(CompiledCell cell)
    {
        if (!cell.Succeeded) throw new InvalidOperationException("Only a successfully compiled cell can run.");
        Globals.BeginCell();
        var assembly = loadContext.Load(cell.Image!, cell.Pdb);
        previous = cell.Compilation;
        var entry = cell.Compilation.GetEntryPoint(CancellationToken.None)
            ?? throw new InvalidOperationException("The cell has no entry point.");
        var type = assembly.GetType(entry.ContainingType.MetadataName, throwOnError: true)!;
        var factory = type.GetMethod(entry.MetadataName, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!;
        submissionCount++;
        if (submissionCount >= submissions.Length) Array.Resize(ref submissions, submissions.Length * 2);
        Task<object?> task;
        try
        {
            task = (Task<object?>)factory.Invoke(null, [submissions])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        return await task.ConfigureAwait(false);
    }

    public bool IsCellAssembly(Assembly assembly) => assembly.GetName().Name?.StartsWith(CellCompiler.AssemblyPrefix, StringComparison.Ordinal) == true;

    public void Dispose() => loadContext.Unload();

    /// <summary>Holds this session's cell assemblies; resolves earlier cells by name.</summary>
    private sealed class CellLoadContext() : AssemblyLoadContext("privateenv-cells", isCollectible: true)
    {
        private readonly Dictionary<string, Assembly> cells = new(StringComparer.Ordinal);

        public Assembly Load(byte[] image, byte[]? pdb)
        {
            using var imageStream = new MemoryStream(image);
            using var pdbStream = pdb is null ? null : new MemoryStream(pdb);
            var assembly = LoadFromStream(imageStream, pdbStream);
            cells[assembly.GetName().Name!] = assembly;
            return assembly;
        }

        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name is { } name && cells.TryGetValue(name, out var cell) ? cell : null;
    }
}
