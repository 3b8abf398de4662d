using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PrivateEnv.Sandbox.Verification;

/// <summary>
/// Functions a cell hands to the PrivateEnv libraries (e.g. <c>series.Map(x => …, lo, hi)</c>)
/// run on private values, so they must not be able to carry a value out: no captured or outer
/// state (it could collect the values), no calls except Math functions that never throw, no
/// loops, allocation or recursion (whose time or crash could reveal a value), and nothing that can
/// throw for some values and not others (throw, checked arithmetic, integer division, decimal,
/// a switch without a default arm): whether and how often it throws would depend on private values.
/// What remains is arithmetic, comparisons, conditionals and locals of the function's own.
/// </summary>
internal static class PureCallbackRule
{
    /// <summary>Static members that return a value for every argument (no exception for NaN, ∞, 0 or extremes).</summary>
    private static readonly Dictionary<string, HashSet<string>> NonThrowing = new()
    {
        ["System.Math"] =
        [
            "Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atan2", "Atanh", "BitDecrement", "BitIncrement", "Cbrt", "Ceiling",
            "CopySign", "Cos", "Cosh", "Exp", "Floor", "FusedMultiplyAdd", "IEEERemainder", "ILogB", "Log", "Log10", "Log2", "Max",
            "MaxMagnitude", "Min", "MinMagnitude", "Pow", "ReciprocalEstimate", "ReciprocalSqrtEstimate", "Round", "ScaleB", "Sin",
            "Sinh", "Sqrt", "Tan", "Tanh", "Truncate",
        ],
        ["System.Double"] = ["IsFinite", "IsInfinity", "IsNaN", "IsNegative", "IsNegativeInfinity", "IsNormal", "IsPositiveInfinity", "IsSubnormal", "Max", "Min"],
        ["System.Single"] = ["IsFinite", "IsInfinity", "IsNaN", "IsNegative", "IsNegativeInfinity", "IsNormal", "IsPositiveInfinity", "IsSubnormal", "Max", "Min"],
        ["System.Int32"] = ["Max", "Min"],
        ["System.Int64"] = ["Max", "Min"],
    };

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

        foreach (var operation in lambda.Body.DescendantsAndSelf())
        {
            var problem = CanThrow(operation) ?? operation switch
            {
                IBlockOperation or IReturnOperation or IExpressionStatementOperation or ILiteralOperation or IConversionOperation
                    or IBinaryOperation or IUnaryOperation or IConditionalOperation or ICoalesceOperation or IIsPatternOperation
                    or IConstantPatternOperation or IRelationalPatternOperation or IBinaryPatternOperation or INegatedPatternOperation
                    or ITypePatternOperation or IDiscardPatternOperation or IDefaultValueOperation or IParenthesizedOperation
                    or IVariableDeclarationGroupOperation or IVariableDeclarationOperation or IVariableDeclaratorOperation
                    or IVariableInitializerOperation or ISimpleAssignmentOperation or ICompoundAssignmentOperation
                    or IIncrementOrDecrementOperation or IArgumentOperation or ISwitchExpressionOperation or ISwitchExpressionArmOperation
                    => null,
                IParameterReferenceOperation p when own.Contains(p.Parameter) => null,
                ILocalReferenceOperation l when own.Contains(l.Local) => null,
                IFieldReferenceOperation { Field.IsConst: true } => null,
                IInvocationOperation call when IsPure(call.TargetMethod) => null,
                IParameterReferenceOperation or ILocalReferenceOperation or IInstanceReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                    => "it reads state from outside the function",
                IInvocationOperation call => $"it calls {call.TargetMethod.ContainingType?.Name}.{call.TargetMethod.Name} (only Math functions that cannot throw are allowed)",
                IThrowOperation => "it throws (whether it throws would depend on private values)",
                ILoopOperation => "it loops",
                IAnonymousFunctionOperation or ILocalFunctionOperation or IDelegateCreationOperation or IMethodReferenceOperation => "it makes another function",
                _ => $"it uses {operation.Kind}",
            };
            if (problem is not null)
            {
                refuse($"a function applied to private values must be plain arithmetic on its argument; this one is refused because {problem}", operation);
                return;
            }
        }
    }

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
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder } binary when IsIntegral(binary.Type)
                => "it divides integers (division by zero throws); divide doubles instead",
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder } compound when IsIntegral(compound.Type)
                => "it divides integers (division by zero throws); divide doubles instead",
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
