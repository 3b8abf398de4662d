using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using PrivateEnv.Sandbox.Hosting;

namespace PrivateEnv.Sandbox.Verification;

/// <summary>
/// Checks a compiled cell before it runs: forbidden syntax, then every symbol the cell's
/// operations touch (explicit and implicit: foreach, using, conversions, operators,
/// deconstruction, interpolation handlers, collection initializers, query clauses, patterns)
/// against the allow-list. The IL scan (<see cref="IlScanner"/>) then checks the emitted bytes.
/// </summary>
public sealed class CellVerifier(AllowList allowList)
{
    // The allow-list's verdict on each type or member definition from a referenced assembly, kept for
    // the worker's life: Roslyn shares those symbols across a session's submissions, and composing
    // their metadata names was most of the walk's own cost. Weak keys, so no compilation is kept alive.
    // Cell-defined symbols are never remembered (they are the cell's own, decided per compilation),
    // and type arguments are checked at every use, so a cached verdict never hides a refused one.
    private readonly ConditionalWeakTable<ISymbol, StrongBox<bool>> verdicts = new();

    /// <summary>
    /// Checks the cell's semantics (declared types, every operation). Call only once
    /// <see cref="CheckSyntax(SyntaxTree)"/> has passed: this does not repeat it.
    /// </summary>
    public IReadOnlyList<Violation> VerifySemantics(Compilation compilation, SyntaxTree tree)
    {
        var violations = new List<Violation>();
        var model = compilation.GetSemanticModel(tree);
        CurrentCompilation = compilation; // type declarations are checked before the first operation walk
        var walker = new Walker(this, model, violations);
        // Every node's declaration and semantic extras are checked; GetOperation is asked only of nodes
        // no ancestor's operation covers (an operation tree holds its descendants' operations, and asking
        // each node again cost a tenth of the walk).
        var pending = new Stack<(SyntaxNode Node, bool Covered)>();
        pending.Push((tree.GetRoot(), false));
        while (pending.Count > 0)
        {
            var (node, covered) = pending.Pop();
            if (node is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                CheckTypeDeclaration(model, (MemberDeclarationSyntax)node, violations);
            if (!covered && node.Parent is not null && model.GetOperation(node) is { } operation)
            {
                walker.Visit(operation);
                covered = true;
            }
            CheckSemanticExtras(model, node, violations);
            foreach (var child in node.ChildNodes()) pending.Push((child, covered));
        }
        return violations;
    }

    /// <summary>Syntax the sandbox refuses whatever it means (directives, unsafe, filters, …); run before compiling.</summary>
    public static IReadOnlyList<Violation> CheckSyntax(SyntaxTree tree)
    {
        var violations = new List<Violation>();
        CheckSyntax(tree, violations);
        return violations;
    }

    private static void CheckSyntax(SyntaxTree tree, List<Violation> violations)
    {
        var root = tree.GetRoot();
        foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: true))
        {
            if (trivia.IsKind(SyntaxKind.ReferenceDirectiveTrivia)) Add(violations, "#r (assembly references) is not allowed in cells", trivia.GetLocation());
            else if (trivia.IsKind(SyntaxKind.LoadDirectiveTrivia)) Add(violations, "#load is not allowed in cells", trivia.GetLocation());
        }
        foreach (var token in root.DescendantTokens())
        {
            var what = token.Kind() switch
            {
                SyntaxKind.UnsafeKeyword => "unsafe code",
                SyntaxKind.FixedKeyword when token.Parent is FixedStatementSyntax => "fixed statements",
                SyntaxKind.StackAllocKeyword => "stackalloc",
                SyntaxKind.ExternKeyword => "extern methods",
                SyntaxKind.MakeRefKeyword => "__makeref",
                SyntaxKind.RefTypeKeyword => "__reftype",
                SyntaxKind.RefValueKeyword => "__refvalue",
                SyntaxKind.ArgListKeyword => "__arglist",
                SyntaxKind.VolatileKeyword => "volatile fields",
                SyntaxKind.LockKeyword => "lock (threads are not available)",
                _ => null,
            };
            if (what is not null) Add(violations, $"{what} is not allowed in cells", token.GetLocation());
        }
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case PointerTypeSyntax or FunctionPointerTypeSyntax:
                    Add(violations, "pointer types are not allowed in cells", node.GetLocation()); break;
                case CatchFilterClauseSyntax:
                    Add(violations, "exception filters (catch … when) are not allowed in cells", node.GetLocation()); break;
                case AttributeListSyntax:
                    Add(violations, "attributes are not allowed in cells", node.GetLocation()); break;
                case DestructorDeclarationSyntax:
                    Add(violations, "finalizers are not allowed in cells", node.GetLocation()); break;
                case IdentifierNameSyntax { Identifier.ValueText: "dynamic" } id when id.IsVar == false && IsTypePosition(id):
                    Add(violations, "dynamic is not allowed in cells", node.GetLocation()); break;
                case FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.StaticKeyword) && !field.Modifiers.Any(SyntaxKind.ConstKeyword):
                    Add(violations, "static fields are not allowed in cells (static state could outlive the cell); use a local or a const", node.GetLocation()); break;
                case PropertyDeclarationSyntax property when property.Modifiers.Any(SyntaxKind.StaticKeyword) && property.AccessorList?.Accessors.All(a => a.Body is null && a.ExpressionBody is null) == true:
                    Add(violations, "static auto-properties are not allowed in cells (static state could outlive the cell)", node.GetLocation()); break;
                case EventFieldDeclarationSyntax when node is MemberDeclarationSyntax m && m.Modifiers.Any(SyntaxKind.StaticKeyword):
                    Add(violations, "static events are not allowed in cells", node.GetLocation()); break;
            }
        }
    }

    private static bool IsTypePosition(IdentifierNameSyntax id) =>
        id.Parent is VariableDeclarationSyntax or ParameterSyntax or TypeArgumentListSyntax or CastExpressionSyntax or ArrayTypeSyntax
            or MethodDeclarationSyntax or PropertyDeclarationSyntax or ObjectCreationExpressionSyntax or NullableTypeSyntax;

    private void CheckTypeDeclaration(SemanticModel model, MemberDeclarationSyntax node, List<Violation> violations)
    {
        if (model.GetDeclaredSymbol(node) is not INamedTypeSymbol type) return;
        var location = node.GetLocation();
        if (type.BaseType is { } baseType && baseType.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum or SpecialType.System_MulticastDelegate))
        {
            if (!IsOwnType(baseType, model.Compilation))
                Add(violations, $"a cell type may not derive from {baseType.ToDisplayString()}", location);
        }
        foreach (var iface in type.Interfaces)
        {
            if (IsOwnType(iface, model.Compilation)) continue;
            var ns = SymbolNames.Namespace(iface);
            if (ns is not null && ns.StartsWith("PrivateEnv", StringComparison.Ordinal))
                Add(violations, $"a cell type may not implement {iface.ToDisplayString()} (library interfaces are not for cells)", location);
            else CheckType(iface, location, violations);
        }
    }

    /// <summary>Declared by this cell or an earlier one of the session (every cell assembly carries the prefix; cells cannot reference others).</summary>
    private static bool IsOwnType(ITypeSymbol type, Compilation compilation)
    {
        var assembly = type.OriginalDefinition.ContainingAssembly;
        if (assembly is null) return false;
        return SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly)
            || assembly.Name.StartsWith(CellCompiler.AssemblyPrefix, StringComparison.Ordinal);
    }

    private void CheckSemanticExtras(SemanticModel model, SyntaxNode node, List<Violation> violations)
    {
        switch (node)
        {
            case CommonForEachStatementSyntax forEach:
                var info = model.GetForEachStatementInfo(forEach);
                CheckSymbol(info.GetEnumeratorMethod, forEach.GetLocation(), violations);
                CheckSymbol(info.MoveNextMethod, forEach.GetLocation(), violations);
                CheckSymbol(info.CurrentProperty, forEach.GetLocation(), violations);
                CheckSymbol(info.DisposeMethod, forEach.GetLocation(), violations);
                break;
            case QueryClauseSyntax queryClause:
                var clause = model.GetQueryClauseInfo(queryClause);
                CheckSymbol(clause.CastInfo.Symbol, node.GetLocation(), violations);
                CheckSymbol(clause.OperationInfo.Symbol, node.GetLocation(), violations);
                break;
            case SelectOrGroupClauseSyntax selectOrGroup:
                CheckSymbol(model.GetSymbolInfo(selectOrGroup).Symbol, node.GetLocation(), violations);
                break;
            case AssignmentExpressionSyntax or ForEachVariableStatementSyntax when node is AssignmentExpressionSyntax { Left: TupleExpressionSyntax or DeclarationExpressionSyntax } or ForEachVariableStatementSyntax:
                var deconstruction = node is AssignmentExpressionSyntax a ? model.GetDeconstructionInfo(a) : model.GetDeconstructionInfo((ForEachVariableStatementSyntax)node);
                CheckDeconstruction(deconstruction, node.GetLocation(), violations);
                break;
            case AwaitExpressionSyntax:
                Add(violations, "await is not available in cells (tasks and threads are not allowed)", node.GetLocation());
                break;
        }
    }

    private void CheckDeconstruction(DeconstructionInfo info, Location location, List<Violation> violations)
    {
        CheckSymbol(info.Method, location, violations);
        CheckSymbol(info.Conversion?.MethodSymbol, location, violations);
        foreach (var nested in info.Nested) CheckDeconstruction(nested, location, violations);
    }

    internal void CheckSymbol(ISymbol? symbol, Location location, List<Violation> violations)
    {
        switch (symbol)
        {
            case null: return;
            case ITypeSymbol type: CheckType(type, location, violations); return;
            case IMethodSymbol method:
                if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
                {
                    CheckSignature(method, location, violations);
                    return;
                }
                CheckMember(method.ContainingType, method.MetadataName, method, location, violations);
                foreach (var typeArgument in method.TypeArguments) CheckType(typeArgument, location, violations);
                if (method.ReducedFrom is { } reduced) CheckMember(reduced.ContainingType, reduced.MetadataName, reduced, location, violations);
                CheckSignature(method, location, violations);
                return;
            case IPropertySymbol property:
                CheckMember(property.ContainingType, property.MetadataName, property, location, violations);
                CheckType(property.Type, location, violations);
                return;
            case IFieldSymbol field:
                if (field.ContainingType?.IsTupleType == true) { CheckType(field.ContainingType, location, violations); return; }
                CheckMember(field.ContainingType, field.MetadataName, field, location, violations);
                CheckType(field.Type, location, violations);
                return;
            case IEventSymbol @event:
                CheckMember(@event.ContainingType, @event.MetadataName, @event, location, violations);
                return;
            case ILocalSymbol local: CheckType(local.Type, location, violations); return;
            case IParameterSymbol parameter: CheckType(parameter.Type, location, violations); return;
        }
    }

    private void CheckSignature(IMethodSymbol method, Location location, List<Violation> violations)
    {
        CheckType(method.ReturnType, location, violations);
        foreach (var parameter in method.Parameters) CheckType(parameter.Type, location, violations);
    }

    private void CheckMember(INamedTypeSymbol? containingType, string name, ISymbol symbol, Location location, List<Violation> violations)
    {
        if (containingType is null) return;
        if (IsOwnType(containingType, CurrentCompilation!)) return;
        if (containingType.IsAnonymousType) return;
        CheckType(containingType, location, violations);
        var definition = symbol.OriginalDefinition;
        var allowed = verdicts.TryGetValue(definition, out var known)
            ? known.Value
            : Remember(definition, allowList.IsMemberAllowed(SymbolNames.MetadataName(containingType), SymbolNames.Namespace(containingType), name));
        if (!allowed) Add(violations, $"{Describe(symbol)} is not on the allow-list", location);
    }

    private bool Remember(ISymbol definition, bool allowed)
    {
        verdicts.AddOrUpdate(definition, new StrongBox<bool>(allowed));
        return allowed;
    }

    internal Compilation? CurrentCompilation { get; set; }

    internal void CheckType(ITypeSymbol? type, Location location, List<Violation> violations)
    {
        switch (type)
        {
            case null or ITypeParameterSymbol or IErrorTypeSymbol: return;
            case IDynamicTypeSymbol: Add(violations, "dynamic is not allowed in cells", location); return;
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol: Add(violations, "pointer types are not allowed in cells", location); return;
            case IArrayTypeSymbol array: CheckType(array.ElementType, location, violations); return;
            case INamedTypeSymbol named:
                if (named.IsTupleType) { foreach (var element in named.TupleElements) CheckType(element.Type, location, violations); return; }
                if (named.IsAnonymousType) return;
                foreach (var argument in named.TypeArguments) CheckType(argument, location, violations);
                if (IsOwnType(named, CurrentCompilation!)) return;
                var definition = named.OriginalDefinition;
                var nameable = verdicts.TryGetValue(definition, out var known)
                    ? known.Value
                    : Remember(definition, allowList.IsTypeNameable(SymbolNames.MetadataName(definition), SymbolNames.Namespace(definition)));
                if (!nameable)
                    Add(violations, $"the type {definition.ToDisplayString()} is not on the allow-list", location);
                return;
        }
    }

    private static string Describe(ISymbol symbol) => symbol switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } m => $"new {m.ContainingType.OriginalDefinition.ToDisplayString()}(…)",
        IMethodSymbol m => $"{m.ContainingType.OriginalDefinition.ToDisplayString()}.{m.Name}",
        _ => $"{symbol.ContainingType?.OriginalDefinition.ToDisplayString()}.{symbol.Name}",
    };

    private static void Add(List<Violation> violations, string message, Location location)
    {
        var span = location.GetLineSpan();
        var line = span.IsValid ? span.StartLinePosition.Line + 1 : 0;
        var column = span.IsValid ? span.StartLinePosition.Character + 1 : 0;
        if (!violations.Any(v => v.Message == message && v.Line == line))
            violations.Add(new Violation(message, line, column));
    }

    /// <summary>Visits every operation, implicit ones included, and checks what each one touches.</summary>
    private sealed class Walker(CellVerifier verifier, SemanticModel model, List<Violation> violations)
    {
        private readonly HashSet<IOperation> seen = [];

        public void Visit(IOperation root)
        {
            verifier.CurrentCompilation = model.Compilation;
            var stack = new Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                if (!seen.Add(operation)) continue;
                Check(operation);
                foreach (var child in operation.ChildOperations) stack.Push(child);
            }
        }

        private void Check(IOperation operation)
        {
            var location = operation.Syntax.GetLocation();
            verifier.CheckType(operation.Type, location, violations);
            switch (operation)
            {
                case IInvocationOperation invocation:
                    verifier.CheckSymbol(invocation.TargetMethod, location, violations);
                    PureCallbackRule.Check(invocation, (message, at) => Add(violations, message, at.Syntax.GetLocation()));
                    break;
                case IObjectCreationOperation creation: verifier.CheckSymbol(creation.Constructor, location, violations); break;
                case IPropertyReferenceOperation property: verifier.CheckSymbol(property.Property, location, violations); break;
                case IFieldReferenceOperation field: verifier.CheckSymbol(field.Field, location, violations); break;
                case IEventReferenceOperation @event: verifier.CheckSymbol(@event.Event, location, violations); break;
                case IMethodReferenceOperation method:
                    verifier.CheckSymbol(method.Method, location, violations);
                    PureCallbackRule.CheckMethodReference(method, (message, at) => Add(violations, message, at.Syntax.GetLocation()));
                    break;
                case IBinaryOperation binary: verifier.CheckSymbol(binary.OperatorMethod, location, violations); break;
                case IUnaryOperation unary: verifier.CheckSymbol(unary.OperatorMethod, location, violations); break;
                case ICompoundAssignmentOperation compound:
                    verifier.CheckSymbol(compound.OperatorMethod, location, violations);
                    verifier.CheckSymbol(compound.InConversion.MethodSymbol, location, violations);
                    verifier.CheckSymbol(compound.OutConversion.MethodSymbol, location, violations);
                    break;
                case IIncrementOrDecrementOperation increment: verifier.CheckSymbol(increment.OperatorMethod, location, violations); break;
                case IConversionOperation conversion: verifier.CheckSymbol(conversion.OperatorMethod, location, violations); break;
                case IVariableDeclaratorOperation declarator: verifier.CheckSymbol(declarator.Symbol, location, violations); break;
                case ILocalFunctionOperation localFunction: verifier.CheckSymbol(localFunction.Symbol, location, violations); break;
                case IAnonymousFunctionOperation lambda: verifier.CheckSymbol(lambda.Symbol, location, violations); break;
                case ITypeOfOperation typeOf:
                    Add(violations, "typeof is not allowed in cells (System.Type is reflection)", location);
                    verifier.CheckType(typeOf.TypeOperand, location, violations);
                    break;
                case ISizeOfOperation: Add(violations, "sizeof is not allowed in cells", location); break;
                case ICatchClauseOperation catchClause:
                    verifier.CheckType(catchClause.ExceptionType, location, violations);
                    if (catchClause.Filter is not null) Add(violations, "exception filters (catch … when) are not allowed in cells", location);
                    if (catchClause.Locals.Length > 0 && !IsReadableException(catchClause.ExceptionType))
                        Add(violations, $"catching {catchClause.ExceptionType.ToDisplayString()} into a variable is not allowed in cells (its message could quote private values); write catch ({catchClause.ExceptionType.Name}) without a name, or catch BudgetExceededException", location);
                    break;
                case IUsingOperation or IUsingDeclarationOperation: break; // Dispose is IDisposable.Dispose, on the list.
                case IRecursivePatternOperation recursive:
                    verifier.CheckSymbol(recursive.DeconstructSymbol, location, violations);
                    verifier.CheckType(recursive.MatchedType, location, violations);
                    break;
                case ITypePatternOperation typePattern: verifier.CheckType(typePattern.MatchedType, location, violations); break;
                case IDeclarationPatternOperation declarationPattern: verifier.CheckType(declarationPattern.MatchedType, location, violations); break;
                case IInterpolatedStringHandlerCreationOperation handler: verifier.CheckSymbol((handler.HandlerCreation as IObjectCreationOperation)?.Constructor, location, violations); break;
                case ICollectionExpressionOperation collection: verifier.CheckSymbol(collection.ConstructMethod, location, violations); break;
                case IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation:
                    Add(violations, "dynamic is not allowed in cells", location); break;
                case IFunctionPointerInvocationOperation or IAddressOfOperation:
                    Add(violations, "pointers are not allowed in cells", location); break;
                case ILockOperation: Add(violations, "lock is not allowed in cells (threads are not available)", location); break;
                case IAwaitOperation: Add(violations, "await is not available in cells", location); break;
            }
        }

        private static void Add(List<Violation> violations, string message, Location location) => CellVerifier.Add(violations, message, location);

        /// <summary>Exceptions whose every message the PrivateEnv libraries compose from public numbers.</summary>
        private static bool IsReadableException(ITypeSymbol type) =>
            SymbolNames.MetadataName((INamedTypeSymbol)type.OriginalDefinition) is "PrivateEnv.Privacy.BudgetExceededException";
    }
}
