using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PrivateEnv.Sandbox.Verification;

/// <summary>
/// Functions a cell hands to the PrivateEnv libraries (e.g. <c>series.Map(x => …, lo, hi)</c>) run on every private
/// value, so nothing they do may depend on a value in a way the analyst can observe. The rule is an allow-list:
/// the body is straight-line arithmetic on its own parameter and locals, every value in it is a double, float,
/// int, long or bool, every operator is a built-in one (no user-defined operator or conversion, which would run a
/// cell's own code on private values), and the only calls are to Math functions that return for every argument
/// and whose work does not jump with the argument (no trigonometry, whose argument reduction is slow for huge
/// arguments; no IEEERemainder, % or Cbrt, whose time grows with the operands' ratio or on subnormals). Refused:
/// branches of any kind (?:, switch, patterns, ??, &amp;&amp;, ||), which would let the running time follow a private
/// value; anything that can throw (throw, checked arithmetic, integer division, decimal); loops, recursion,
/// allocation, other functions, and any state from outside. At most
/// <see cref="MaxOperations"/> operations and <see cref="MaxCalls"/> calls, which bounds how much one value can
/// change the function's cost.
/// </summary>
internal static class PureCallbackRule
{
    /// <summary>Most operations (nodes) a function applied to private values may have.</summary>
    public const int MaxOperations = 64;

    /// <summary>Most Math calls it may make.</summary>
    public const int MaxCalls = 8;

    /// <summary>Static members that return a value for every argument without a slow path for some arguments.</summary>
    private static readonly Dictionary<string, HashSet<string>> NonThrowing = new()
    {
        ["System.Math"] =
        [
            "Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atan2", "Atanh", "BitDecrement", "BitIncrement", "Ceiling", "CopySign", "Cosh",
            "Exp", "Floor", "FusedMultiplyAdd", "ILogB", "Log", "Log10", "Log2", "Max", "MaxMagnitude", "Min", "MinMagnitude", "Pow",
            "ReciprocalEstimate", "ReciprocalSqrtEstimate", "Round", "ScaleB", "Sinh", "Sqrt", "Tanh", "Truncate",
        ],
        ["System.Double"] = ["IsFinite", "IsInfinity", "IsNaN", "IsNegative", "IsNegativeInfinity", "IsNormal", "IsPositiveInfinity", "IsSubnormal", "Max", "Min"],
        ["System.Single"] = ["IsFinite", "IsInfinity", "IsNaN", "IsNegative", "IsNegativeInfinity", "IsNormal", "IsPositiveInfinity", "IsSubnormal", "Max", "Min"],
        ["System.Int32"] = ["Max", "Min"],
        ["System.Int64"] = ["Max", "Min"],
    };

    private static bool IsAllowedType(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single
        or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Boolean;

    public static void Check(IInvocationOperation invocation, Action<string, IOperation> refuse)
    {
        var ns = invocation.TargetMethod.ContainingType is { } type ? SymbolNames.Namespace(type) : null;
        if (ns is null || !ns.StartsWith("PrivateEnv.", StringComparison.Ordinal)) return;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.TypeKind != TypeKind.Delegate) continue;
            var value = Unwrap(argument.Value);
            switch (value)
            {
                case IAnonymousFunctionOperation lambda:
                    CheckBody(lambda, refuse);
                    break;
                case IMethodReferenceOperation method when IsPure(method.Method):
                    break;
                default:
                    refuse($"{invocation.TargetMethod.Name} takes a function applied to private values: write it inline as a lambda (e.g. x => Math.Log(x + 1))", argument);
                    break;
            }
        }
    }

    /// <summary>
    /// A library method that takes a function must be called directly, where <see cref="Check"/> sees the function:
    /// turned into a delegate (<c>Func&lt;…&gt; map = series.Map;</c>) it could later be invoked with any function at all.
    /// </summary>
    public static void CheckMethodReference(IMethodReferenceOperation reference, Action<string, IOperation> refuse)
    {
        var method = reference.Method;
        var ns = method.ContainingType is { } type ? SymbolNames.Namespace(type) : null;
        if (ns is null || !ns.StartsWith("PrivateEnv.", StringComparison.Ordinal)) return;
        if (method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Delegate))
            refuse($"{method.ContainingType!.Name}.{method.Name} takes a function applied to private values, so it must be called directly (the function written inline), not turned into a delegate", reference);
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IDelegateCreationOperation creation: operation = creation.Target; continue;
                case IConversionOperation conversion: operation = conversion.Operand; continue;
                default: return operation;
            }
        }
    }

    private static void CheckBody(IAnonymousFunctionOperation lambda, Action<string, IOperation> refuse)
    {
        var own = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var parameter in lambda.Symbol.Parameters) own.Add(parameter);
        foreach (var operation in lambda.Body.DescendantsAndSelf())
            if (operation is IVariableDeclaratorOperation declarator) own.Add(declarator.Symbol);

        void Refuse(string problem, IOperation at) =>
            refuse($"a function applied to private values must be straight-line arithmetic on its argument; this one is refused because {problem}", at);

        var operations = lambda.Body.DescendantsAndSelf().ToList();
        if (operations.Count > MaxOperations) { Refuse($"it has {operations.Count} operations (at most {MaxOperations})", lambda); return; }
        if (operations.Count(o => o is IInvocationOperation) > MaxCalls) { Refuse($"it makes more than {MaxCalls} calls", lambda); return; }
        foreach (var parameter in lambda.Symbol.Parameters.Where(p => !IsAllowedType(p.Type)))
        {
            Refuse($"its parameter {parameter.Name} is a {parameter.Type.Name}", lambda);
            return;
        }
        foreach (var operation in operations)
        {
            var problem = CanThrow(operation) ?? UserCode(operation) ?? operation switch
            {
                IBlockOperation or IReturnOperation or IExpressionStatementOperation or IParenthesizedOperation or IArgumentOperation
                    or IVariableDeclarationGroupOperation or IVariableDeclarationOperation or IVariableDeclaratorOperation or IVariableInitializerOperation
                    => null,
                ILiteralOperation or IConversionOperation or IBinaryOperation or IUnaryOperation or IDefaultValueOperation
                    or ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation
                    => IsAllowedType(operation.Type) ? null : $"it uses a {operation.Type?.Name ?? "typeless"} value (only double, float, int, long and bool)",
                IParameterReferenceOperation p when own.Contains(p.Parameter) => null,
                ILocalReferenceOperation l when own.Contains(l.Local) => IsAllowedType(l.Local.Type) ? null : $"its local {l.Local.Name} is a {l.Local.Type.Name}",
                IFieldReferenceOperation { Field.IsConst: true } field => IsAllowedType(field.Type) ? null : $"it uses a {field.Type?.Name} constant",
                IInvocationOperation call when IsPure(call.TargetMethod) => null,
                IConditionalOperation or ISwitchExpressionOperation or IIsPatternOperation or ICoalesceOperation or IPatternOperation
                    or ISwitchExpressionArmOperation or IConditionalAccessOperation
                    => "it branches on a value (its running time could follow a private value); compare series outside the function instead, e.g. df[\"age\"] > 60",
                IParameterReferenceOperation or ILocalReferenceOperation or IInstanceReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                    => "it reads state from outside the function",
                IInvocationOperation call => $"it calls {call.TargetMethod.ContainingType?.Name}.{call.TargetMethod.Name} (only Math functions that cannot throw and have no slow path are allowed)",
                IThrowOperation => "it throws (whether it throws would depend on private values)",
                ILoopOperation => "it loops",
                IAnonymousFunctionOperation or ILocalFunctionOperation or IDelegateCreationOperation or IMethodReferenceOperation => "it makes another function",
                _ => $"it uses {operation.Kind}",
            };
            if (problem is not null)
            {
                Refuse(problem, operation);
                return;
            }
        }
    }

    /// <summary>An operator or conversion defined in code (a cell's own type would run the cell's code on private values).</summary>
    private static string? UserCode(IOperation operation) => operation switch
    {
        IBinaryOperation { OperatorMethod: not null } or IUnaryOperation { OperatorMethod: not null }
            or ICompoundAssignmentOperation { OperatorMethod: not null } or IIncrementOrDecrementOperation { OperatorMethod: not null }
            => "it calls a user-defined operator",
        IConversionOperation { Conversion.IsUserDefined: true } or IConversionOperation { OperatorMethod: not null } => "it calls a user-defined conversion",
        _ => null,
    };

    /// <summary>Why an operation could throw for some argument values, or null when it cannot.</summary>
    private static string? CanThrow(IOperation operation)
    {
        if (operation.Type?.SpecialType == SpecialType.System_Decimal)
            return "it uses decimal (decimal arithmetic and conversions can throw)";
        return operation switch
        {
            IBinaryOperation { IsChecked: true } or IUnaryOperation { IsChecked: true } or IConversionOperation { IsChecked: true }
                or ICompoundAssignmentOperation { IsChecked: true } or IIncrementOrDecrementOperation { IsChecked: true }
                => "it uses checked arithmetic (an overflow would throw)",
            IConversionOperation conversion when conversion.Operand.Type?.SpecialType == SpecialType.System_Decimal
                => "it uses decimal (decimal arithmetic and conversions can throw)",
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Remainder } or ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Remainder }
                => "it takes a remainder (integer remainders throw on 0; a floating-point remainder's time grows with the ratio of its operands)",
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } binary when IsIntegral(binary.Type)
                => "it divides integers (division by zero throws); divide doubles instead",
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Divide } compound when IsIntegral(compound.Type)
                => "it divides integers (division by zero throws); divide doubles instead",
            IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }
                => "it branches on a value with && or || (its running time could follow a private value); use & or |",
            ISwitchExpressionOperation { Arms: var arms } when arms.Length == 0 || arms[^1].Pattern is not IDiscardPatternOperation || arms[^1].Guard is not null
                => "its switch has no final `_ =>` arm (an unmatched value throws)",
            _ => null,
        };
    }

    private static bool IsIntegral(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
        or SpecialType.System_Int16 or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_UInt16
        or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_Char or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    /// <summary>
    /// A static method from <see cref="NonThrowing"/> (MathF mirrors Math) whose parameters are all floating-point,
    /// or integers only where the overload cannot throw (Max, Min, ILogB's result, ScaleB's exponent).
    /// </summary>
    private static bool IsPure(IMethodSymbol method)
    {
        if (!method.IsStatic || method.ContainingType is not { } type) return false;
        var name = SymbolNames.MetadataName(type);
        if (name == "System.MathF") name = "System.Math";
        if (!NonThrowing.TryGetValue(name, out var allowed) || !allowed.Contains(method.Name)) return false;
        foreach (var parameter in method.Parameters)
        {
            var floating = parameter.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
            var integerAllowed = method.Name is "Max" or "Min" || (method.Name == "ScaleB" && parameter.Ordinal == 1);
            if (!floating && !(integerAllowed && parameter.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64)) return false;
        }
        // Math.Abs(int) overflows for int.MinValue and Math.Round(x, digits) checks its digits: only the double/float overloads above pass.
        return method.ReturnType.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Boolean
            or SpecialType.System_Int32 or SpecialType.System_Int64;
    }
}
