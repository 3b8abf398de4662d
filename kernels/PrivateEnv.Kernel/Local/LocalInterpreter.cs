using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace PrivateEnv.Kernel.Local;

/// <summary>
/// Runs local cells as C# script submissions on the analyst's machine, each continuing the
/// previous one's state (variables, usings, methods). Unrestricted: this is the analyst's own code.
/// </summary>
public sealed class LocalInterpreter
{
    public static readonly string[] DefaultImports =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Text.Json",
        "System.Threading", "System.Threading.Tasks", "PrivateEnv.Privacy", "PrivateEnv.Kernel.Remote", "PrivateEnv.Portable",
        "PrivateEnv.Learning", "PrivateEnv.Learning.Layers",
    ];

    private readonly KernelGlobals globals;
    private readonly ScriptOptions options;
    private readonly Lazy<Task<ScriptState<object?>>> initialState;
    private ScriptState<object?>? state;

    public LocalInterpreter(OutputRouter router)
    {
        globals = new KernelGlobals(router);
        options = ScriptOptions.Default
            .WithReferences(ReferencedAssemblies())
            .WithImports(DefaultImports)
            .WithLanguageVersion(LanguageVersion.Preview)
            .WithAllowUnsafe(false)
            .WithEmitDebugInformation(false);
        // Starting from an empty submission lets every cell, the first included, keep partial state on an exception.
        initialState = new(() => CSharpScript.RunAsync<object?>("", options, globals, typeof(KernelGlobals)));
    }

    /// <summary>Loads and JITs the compiler in the background so the first cell does not wait for it.</summary>
    public Task WarmUpAsync() => Task.Run(async () =>
    {
        var empty = await initialState.Value;
        await empty.ContinueWithAsync<object?>("1 + 1", options);
    });

    public KernelGlobals Globals => globals;

    /// <summary>Variables defined so far, latest declaration of each name first wins.</summary>
    public IReadOnlyList<ScriptVariable> Variables =>
        state is null ? [] : state.Variables.Reverse().DistinctBy(v => v.Name).ToList();

    public bool TryGetVariable(string name, out object? value)
    {
        var variable = state?.GetVariable(name);
        value = variable?.Value;
        return variable is not null;
    }

    /// <summary>Runs a cell. Returns the value of a trailing expression (no semicolon), if any.</summary>
    public async Task<LocalResult> RunAsync(string code, CancellationToken cancellationToken)
    {
        globals.Cancellation = cancellationToken;
        try
        {
            state ??= await initialState.Value;
            var next = await state.ContinueWithAsync<object?>(code, options, catchException: _ => true, cancellationToken);
            // A failed run still keeps what the cell's earlier statements declared.
            state = next;
            if (next.Exception is { } thrown) return LocalResult.Threw(thrown);
            var hasValue = next.ReturnValue is not null || HasTrailingExpression(code);
            return new LocalResult(hasValue, next.ReturnValue, null, null);
        }
        catch (OperationCanceledException e)
        {
            // Interrupted while compiling: nothing of the cell ran.
            return LocalResult.Threw(e);
        }
        catch (CompilationErrorException e)
        {
            return new LocalResult(false, null, e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Format).ToList(), null);
        }
    }

    /// <summary>Declares <paramref name="name"/> with the type of <paramref name="value"/> for later cells.</summary>
    public async Task DefineVariableAsync(string name, object? value, Type type)
    {
        if (!SyntaxFacts.IsValidIdentifier(name))
            throw new ArgumentException($"'{name}' is not a C# identifier; choose a name of letters, digits and _.");
        var identifier = SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;
        var typeName = CSharpTypeName(type);
        globals.__Incoming[name] = value;
        var result = await RunAsync($"{typeName} {identifier} = ({typeName})__Incoming[\"{name}\"]!;", CancellationToken.None);
        globals.__Incoming.Remove(name);
        if (result.CompileErrors is { Count: > 0 } errors) throw new InvalidOperationException($"Could not define '{name}': {string.Join("; ", errors)}");
        if (result.Exception is { } e) throw new InvalidOperationException($"Could not define '{name}': {e.Message}");
    }

    public static string CSharpTypeName(Type type)
    {
        if (type.IsArray) return CSharpTypeName(type.GetElementType()!) + "[]";
        if (type.IsGenericType)
        {
            var name = type.GetGenericTypeDefinition().FullName!;
            name = name[..name.IndexOf('`')];
            return "global::" + name + "<" + string.Join(", ", type.GetGenericArguments().Select(CSharpTypeName)) + ">";
        }
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Double => "double",
            TypeCode.Int64 => "long",
            TypeCode.Int32 => "int",
            TypeCode.Boolean => "bool",
            TypeCode.String => "string",
            _ when type == typeof(object) => "object",
            _ => "global::" + type.FullName!.Replace('+', '.'),
        };
    }

    private static bool HasTrailingExpression(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Preview, kind: SourceCodeKind.Script));
        var last = tree.GetCompilationUnitRoot().Members.LastOrDefault();
        return last is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax { Statement: Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax statement }
               && statement.SemicolonToken.IsMissing;
    }

    private static string Format(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var position = diagnostic.Location.IsInSource ? $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " : "";
        return $"{position}error {diagnostic.Id}: {diagnostic.GetMessage()}";
    }

    private static IEnumerable<Assembly> ReferencedAssemblies() =>
    [
        typeof(object).Assembly,
        typeof(Enumerable).Assembly,
        typeof(System.Text.Json.JsonElement).Assembly,
        typeof(System.Collections.Generic.Stack<>).Assembly,
        typeof(Console).Assembly,
        typeof(System.Text.RegularExpressions.Regex).Assembly,
        typeof(Privacy.IReleasable).Assembly,
        typeof(DataFrame.PrivateDataFrame).Assembly,
        typeof(Microsoft.Data.Analysis.DataFrame).Assembly,
        typeof(Learning.Sequential).Assembly,
        typeof(Portable.PortableTable).Assembly,
        typeof(KernelGlobals).Assembly,
    ];
}

/// <summary>What a local cell did: its trailing value, compile errors, or the exception it threw.</summary>
public sealed record LocalResult(bool HasValue, object? Value, IReadOnlyList<string>? CompileErrors, Exception? Exception)
{
    public static LocalResult Threw(Exception e) => new(false, null, null, e);
}
