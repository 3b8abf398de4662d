using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PrivateEnv.Sandbox.Verification;

/// <summary>
/// Functions a cell hands to the PrivateEnv libraries (e.g. <c>series.Map(x => …, lo, hi)</c>)
/// run on private values, so they must not be able to carry a value out: no captured or outer
/// state (it could collect the values), no calls except System.Math and primitive helpers, no
/// loops, allocation or recursion (whose time or crash could reveal a value). What remains is
/// arithmetic, comparisons, conditionals and locals of the function's own.
/// </summary>
internal static class PureCallbackRule
{
    private static readonly HashSet<string> PureTypes =
        ["System.Math", "System.MathF", "System.Double", "System.Single", "System.Int32", "System.Int64", "System.Boolean"];

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
            var problem = operation switch
            {
                IBlockOperation or IReturnOperation or IExpressionStatementOperation or ILiteralOperation or IConversionOperation
                    or IBinaryOperation or IUnaryOperation or IConditionalOperation or ICoalesceOperation or IIsPatternOperation
                    or IConstantPatternOperation or IRelationalPatternOperation or IBinaryPatternOperation or INegatedPatternOperation
                    or ITypePatternOperation or IDiscardPatternOperation or IDefaultValueOperation or IParenthesizedOperation
                    or IVariableDeclarationGroupOperation or IVariableDeclarationOperation or IVariableDeclaratorOperation
                    or IVariableInitializerOperation or ISimpleAssignmentOperation or ICompoundAssignmentOperation
                    or IIncrementOrDecrementOperation or IArgumentOperation or IThrowOperation or ISwitchExpressionOperation
                    or ISwitchExpressionArmOperation or IObjectCreationOperation { Type.SpecialType: SpecialType.None } and IObjectCreationOperation { Type.Name: "ArgumentException" or "InvalidOperationException" }
                    => null,
                IParameterReferenceOperation p when own.Contains(p.Parameter) => null,
                ILocalReferenceOperation l when own.Contains(l.Local) => null,
                IFieldReferenceOperation { Field.IsConst: true } => null,
                IInvocationOperation call when IsPure(call.TargetMethod) => null,
                IParameterReferenceOperation or ILocalReferenceOperation or IInstanceReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                    => "it reads state from outside the function",
                IInvocationOperation call => $"it calls {call.TargetMethod.ContainingType?.Name}.{call.TargetMethod.Name} (only Math functions are allowed)",
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

    private static bool IsPure(IMethodSymbol method) =>
        method.IsStatic && method.ContainingType is { } type && PureTypes.Contains(SymbolNames.MetadataName(type));
}
