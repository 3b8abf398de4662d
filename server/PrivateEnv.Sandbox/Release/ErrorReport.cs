using System.Diagnostics;
using System.Reflection;
using PrivateEnv.Privacy;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Protocol;

namespace PrivateEnv.Sandbox.Release;

/// <summary>
/// Turns an exception from a running cell into what the analyst may see: a kind, a message
/// that carries no private values, and the line in the cell. Messages thrown by the cell's
/// own calls or by the PrivateEnv libraries pass; a message thrown deeper inside a library
/// call (where it could quote private values) is replaced by its exception type.
/// </summary>
public static class ErrorReport
{
    /// <summary>
    /// What the analyst sees for an exception thrown beneath a library call: one fixed text, since its type and message
    /// could depend on private values (the libraries themselves throw only for public reasons, with public messages).
    /// </summary>
    public const string WithheldMessage = "An error inside a library call (its details are withheld: they could depend on private values).";

    public static CellError From(Exception exception, Func<Assembly, bool> isCellAssembly)
    {
        while (exception is TargetInvocationException or AggregateException { InnerExceptions.Count: 1 } && exception.InnerException is not null)
            exception = exception.InnerException;
        var (line, column) = CellPosition(exception, isCellAssembly);
        var error = new CellError { Line = line, Column = column };
        switch (exception)
        {
            case BudgetExceededException budget:
                error.Kind = ErrorKind.Budget;
                error.Message = budget.Message;
                if (budget.Refusal is { } refusal) error.Refusal = refusal.ToWire();
                break;
            case ReleaseRefusedException:
                error.Kind = ErrorKind.Release;
                error.Message = exception.Message;
                break;
            default:
                error.Kind = ErrorKind.Runtime;
                error.Message = IsMessageSafe(exception, isCellAssembly) ? $"{exception.GetType().Name}: {exception.Message}" : WithheldMessage;
                break;
        }
        return error;
    }

    private static (int Line, int Column) CellPosition(Exception exception, Func<Assembly, bool> isCellAssembly)
    {
        var trace = new StackTrace(exception, fNeedFileInfo: true);
        foreach (var frame in trace.GetFrames())
        {
            var assembly = frame.GetMethod()?.DeclaringType?.Assembly;
            if (assembly is not null && isCellAssembly(assembly) && frame.GetFileLineNumber() > 0)
                return (frame.GetFileLineNumber(), Math.Max(1, frame.GetFileColumnNumber()));
        }
        return (0, 0);
    }

    private static bool IsMessageSafe(Exception exception, Func<Assembly, bool> isCellAssembly)
    {
        var frames = new StackTrace(exception, fNeedFileInfo: false).GetFrames();
        foreach (var frame in frames)
        {
            var assembly = frame.GetMethod()?.DeclaringType?.Assembly;
            if (assembly is null) continue;
            if (isCellAssembly(assembly)) return true;           // the cell's own call into the base library
            if (IsLibrary(assembly)) return frame == frames[0];  // thrown by our library itself, not from deeper
        }
        return false;
    }

    private static bool IsLibrary(Assembly assembly) =>
        assembly.GetName().Name is { } name && name.StartsWith("PrivateEnv.", StringComparison.Ordinal);
}
