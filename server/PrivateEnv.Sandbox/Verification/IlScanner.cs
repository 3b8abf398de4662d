using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using PrivateEnv.Sandbox.Hosting;

namespace PrivateEnv.Sandbox.Verification;

/// <summary>
/// The ground truth: scans the emitted assembly of a cell, method body by method body. Every
/// type and member a body's IL tokens reference (calls, fields, newobj, ldftn, ldtoken, casts,
/// MethodSpec and TypeSpec instantiations), and every type in its signature and locals, must be
/// on the allow-list. Compiler infrastructure (I: lines) passes only where the compiler puts it:
/// @lowering lines in any method, @generated lines only in compiler-generated methods that hold
/// no user code (not lambdas, local functions or state-machine MoveNext). The cell's own types
/// may not be P/Invoke, explicit-layout, finalizers, derive from library types, hold static
/// fields, and bodies may not use unverifiable opcodes.
/// </summary>
public sealed class IlScanner(AllowList allowList)
{
    private static readonly HashSet<string> AllowedBaseTypes = ["System.Object", "System.ValueType", "System.Enum", "System.MulticastDelegate"];

    public IReadOnlyList<Violation> Scan(byte[] peImage)
    {
        var violations = new List<Violation>();
        using var pe = new PEReader(ImmutableArray.Create(peImage));
        var md = pe.GetMetadataReader();
        var names = new TypeNameProvider(md);
        var signatures = new SignatureTypes(md, names.Named);

        // Whole tables first: nothing may be referenced that is neither allowed nor infrastructure,
        // whatever uses it (attributes, signatures, bodies).
        foreach (var handle in md.TypeReferences)
        {
            var type = names.Named(handle);
            if (type.Own || IsAttributeOnly(type.Name)) continue;
            if (!allowList.IsTypeNameable(type.Name, type.Namespace, IlContext.Generated))
                Add(violations, $"the emitted code references the type {type.Name}, which is not on the allow-list");
        }
        foreach (var handle in md.MemberReferences)
        {
            var reference = md.GetMemberReference(handle);
            var memberName = md.GetString(reference.Name);
            var parent = names.Parent(reference.Parent);
            if (parent is null || parent.Value.Own) continue;
            if (memberName == ".ctor" && IsAttributeOnly(parent.Value.Name)) continue;
            if (!allowList.IsMemberAllowed(parent.Value.Name, parent.Value.Namespace, memberName, IlContext.Generated))
                Add(violations, $"the emitted code calls {parent.Value.Name}::{memberName}, which is not on the allow-list");
        }

        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            var typeName = md.GetString(type.Name);
            var generatedType = IsGeneratedType(md, handle);
            var typeContext = generatedType ? IlContext.Generated : IlContext.Lowering;
            if ((type.Attributes & TypeAttributes.LayoutMask) == TypeAttributes.ExplicitLayout && !generatedType)
                Add(violations, $"type {typeName} uses explicit layout, which cells may not");
            CheckBaseAndInterfaces(md, names, signatures, type, typeName, typeContext, violations);
            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                var isStatic = (field.Attributes & FieldAttributes.Static) != 0;
                var isLiteral = (field.Attributes & FieldAttributes.Literal) != 0;
                if (isStatic && !isLiteral && !generatedType)
                    Add(violations, $"static field {typeName}.{md.GetString(field.Name)} is not allowed in cells");
                signatures.Clear();
                signatures.DecodeField(fieldHandle);
                CheckCollected(signatures, typeContext, $"field {typeName}.{md.GetString(field.Name)}", violations);
            }
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var methodName = md.GetString(method.Name);
                var where = $"{typeName}.{methodName}";
                if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 || (method.ImplAttributes & MethodImplAttributes.InternalCall) != 0)
                    Add(violations, $"{where} is a native (P/Invoke) method, which cells may not declare");
                if (methodName == "Finalize" && (method.Attributes & MethodAttributes.Virtual) != 0)
                    Add(violations, $"{typeName} declares a finalizer, which cells may not");
                var context = MethodContext(md, method, methodName, generatedType);
                signatures.Clear();
                signatures.DecodeMethod(methodHandle);
                CheckCollected(signatures, context, where, violations);
                if (method.RelativeVirtualAddress == 0) continue;
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                signatures.Clear();
                signatures.DecodeLocals(body.LocalSignature);
                CheckCollected(signatures, context, where + " (locals)", violations);
                ScanBody(md, names, signatures, body, where, context, violations);
            }
        }
        if (md.GetTableRowCount(TableIndex.StandAloneSig) > 0)
        {
            foreach (var handle in Enumerable.Range(1, md.GetTableRowCount(TableIndex.StandAloneSig)).Select(i => MetadataTokens.StandaloneSignatureHandle(i)))
                if (md.GetStandaloneSignature(handle).GetKind() == StandaloneSignatureKind.Method)
                    Add(violations, "the emitted code makes an indirect call (calli), which cells may not");
        }
        return violations;
    }

    private static void Add(List<Violation> violations, string message)
    {
        if (!violations.Any(v => v.Message == message)) violations.Add(new Violation(message, 0, 0));
    }

    /// <summary>Compiler-generated: a name the compiler makes up ('&lt;'), or [CompilerGenerated] on it or an enclosing type.</summary>
    private static bool IsGeneratedType(MetadataReader md, TypeDefinitionHandle handle)
    {
        for (var current = handle; !current.IsNil; current = md.GetTypeDefinition(current).GetDeclaringType())
        {
            var type = md.GetTypeDefinition(current);
            if (md.GetString(type.Name).Contains('<') || HasCompilerGenerated(md, type.GetCustomAttributes())) return true;
        }
        return false;
    }

    /// <summary>
    /// Lambdas (…b__…), local functions (…g__…) and state-machine MoveNext hold the cell's own code,
    /// so they get the same context as user methods even inside generated types.
    /// </summary>
    private static IlContext MethodContext(MetadataReader md, MethodDefinition method, string methodName, bool generatedType)
    {
        var holdsUserCode = methodName == "MoveNext" || methodName.Contains(">b__", StringComparison.Ordinal) || methodName.Contains(">g__", StringComparison.Ordinal);
        if (holdsUserCode) return IlContext.Lowering;
        var generated = generatedType || methodName.Contains('<') || HasCompilerGenerated(md, method.GetCustomAttributes());
        return generated ? IlContext.Generated : IlContext.Lowering;
    }

    private static bool HasCompilerGenerated(MetadataReader md, CustomAttributeHandleCollection attributes)
    {
        foreach (var handle in attributes)
        {
            var constructor = md.GetCustomAttribute(handle).Constructor;
            if (constructor.Kind != HandleKind.MemberReference) continue;
            var parent = md.GetMemberReference((MemberReferenceHandle)constructor).Parent;
            if (parent.Kind != HandleKind.TypeReference) continue;
            var reference = md.GetTypeReference((TypeReferenceHandle)parent);
            if (md.GetString(reference.Name) == "CompilerGeneratedAttribute" && md.GetString(reference.Namespace) == "System.Runtime.CompilerServices")
                return true;
        }
        return false;
    }

    private void CheckBaseAndInterfaces(MetadataReader md, TypeNameProvider names, SignatureTypes signatures, TypeDefinition type, string typeName, IlContext context, List<Violation> violations)
    {
        if (!type.BaseType.IsNil)
        {
            var baseType = names.Parent(type.BaseType);
            if (baseType is { Own: false } b && !AllowedBaseTypes.Contains(b.Name))
                Add(violations, $"type {typeName} derives from {b.Name}; cell types may only derive from their own types");
        }
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            var iface = md.GetInterfaceImplementation(implementation).Interface;
            signatures.Clear();
            if (iface.Kind == HandleKind.TypeReference) signatures.Types.Add(names.Named((TypeReferenceHandle)iface));
            else if (iface.Kind == HandleKind.TypeSpecification) signatures.DecodeTypeSpecification((TypeSpecificationHandle)iface);
            foreach (var named in signatures.Types.Where(t => !t.Own && t.Namespace?.StartsWith("PrivateEnv", StringComparison.Ordinal) == true))
                Add(violations, $"type {typeName} implements {named.Name}; library interfaces are not for cells");
            CheckCollected(signatures, context, $"type {typeName}", violations);
        }
    }

    private void CheckCollected(SignatureTypes signatures, IlContext context, string where, List<Violation> violations)
    {
        foreach (var forbidden in signatures.Forbidden)
            Add(violations, $"{where} uses {forbidden}, which cells may not");
        foreach (var type in signatures.Types)
            if (!type.Own && !IsAttributeOnly(type.Name) && !allowList.IsTypeNameable(type.Name, type.Namespace, context))
                Add(violations, $"{where} uses the type {type.Name}, which is not on the allow-list here");
    }

    private static bool IsOwnAssemblyReference(MetadataReader md, EntityHandle scope)
    {
        if (scope.Kind != HandleKind.AssemblyReference) return scope.Kind is HandleKind.ModuleDefinition;
        var name = md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
        return name.StartsWith(CellCompiler.AssemblyPrefix, StringComparison.Ordinal);
    }

    /// <summary>Attributes the compiler emits on its own (nullable, records, async, …): metadata only, they run nothing.</summary>
    private static bool IsAttributeOnly(string typeName)
    {
        var plus = typeName.IndexOf('+');
        return IsAttributeType(plus > 0 ? typeName[..plus] : typeName);
    }

    private static bool IsAttributeType(string typeName) =>
        typeName.EndsWith("Attribute", StringComparison.Ordinal)
        && (typeName.StartsWith("System.Runtime.CompilerServices.", StringComparison.Ordinal)
            || typeName.StartsWith("System.Diagnostics.", StringComparison.Ordinal)
            || typeName == "System.Reflection.DefaultMemberAttribute"
            || typeName == "System.ParamArrayAttribute"
            || typeName == "System.Runtime.Versioning.TargetFrameworkAttribute"
            || typeName == "System.Security.UnverifiableCodeAttribute")
        && typeName is not ("System.Runtime.CompilerServices.ModuleInitializerAttribute" or "System.Runtime.CompilerServices.UnsafeAccessorAttribute"
            or "System.Runtime.CompilerServices.InlineArrayAttribute");

    private static readonly HashSet<ushort> ForbiddenOpcodes =
    [
        0x29, // calli
        0x27, // jmp
        0xFE0F, // localloc
        0xC6, // mkrefany
        0xC2, // refanyval
        0xFE1D, // refanytype
        0xFE00, // arglist
        0xFE17, // cpblk
        0xFE18, // initblk
    ];

    /// <summary>Opcodes whose operand is a metadata token naming a type, method or field (ECMA-335 III).</summary>
    private static readonly HashSet<ushort> TokenOpcodes =
    [
        0x28, 0x6F, 0x73, 0x70, 0x71, 0x74, 0x75, 0x79, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F, 0x80, 0x81, 0x8C, 0x8D, 0x8F,
        0xA3, 0xA4, 0xA5, 0xD0, 0xFE06, 0xFE07, 0xFE15, 0xFE16, 0xFE1C,
    ];

    private void ScanBody(MetadataReader md, TypeNameProvider names, SignatureTypes signatures, MethodBodyBlock body, string where, IlContext context, List<Violation> violations)
    {
        var reader = body.GetILReader();
        while (reader.RemainingBytes > 0)
        {
            ushort opcode = reader.ReadByte();
            if (opcode == 0xFE) opcode = (ushort)(0xFE00 | reader.ReadByte());
            if (ForbiddenOpcodes.Contains(opcode))
            {
                Add(violations, $"{where} uses an unverifiable IL instruction (0x{opcode:X}), which cells may not");
                return;
            }
            if (TokenOpcodes.Contains(opcode))
            {
                var token = reader.ReadInt32();
                CheckToken(md, names, signatures, MetadataTokens.EntityHandle(token), where, context, violations);
                continue;
            }
            SkipOperand(ref reader, opcode);
        }
    }

    private void CheckToken(MetadataReader md, TypeNameProvider names, SignatureTypes signatures, EntityHandle handle, string where, IlContext context, List<Violation> violations)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
                signatures.Clear();
                signatures.Types.Add(names.Named((TypeReferenceHandle)handle));
                CheckCollected(signatures, context, where, violations);
                break;
            case HandleKind.TypeSpecification:
                signatures.Clear();
                signatures.DecodeTypeSpecification((TypeSpecificationHandle)handle);
                CheckCollected(signatures, context, where, violations);
                break;
            case HandleKind.MethodSpecification:
                var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                signatures.Clear();
                signatures.DecodeMethodSpecification((MethodSpecificationHandle)handle);
                CheckCollected(signatures, context, where + " (generic arguments)", violations);
                CheckToken(md, names, signatures, spec.Method, where, context, violations);
                break;
            case HandleKind.MemberReference:
                var reference = md.GetMemberReference((MemberReferenceHandle)handle);
                if (reference.Parent.Kind == HandleKind.TypeSpecification)
                {
                    signatures.Clear();
                    signatures.DecodeTypeSpecification((TypeSpecificationHandle)reference.Parent);
                    CheckCollected(signatures, context, where + " (generic arguments)", violations);
                }
                var parent = names.Parent(reference.Parent);
                if (parent is null || parent.Value.Own) break;
                var memberName = md.GetString(reference.Name);
                if (!allowList.IsMemberAllowed(parent.Value.Name, parent.Value.Namespace, memberName, context))
                    Add(violations, $"{where} calls {parent.Value.Name}::{memberName}, which is not on the allow-list{(allowList.IsMemberAllowed(parent.Value.Name, parent.Value.Namespace, memberName, IlContext.Generated) ? " outside compiler-generated code" : "")}");
                break;
        }
    }

    private static void SkipOperand(ref BlobReader reader, ushort opcode)
    {
        switch (OperandSize(opcode))
        {
            case -1: // switch
                var count = reader.ReadInt32();
                reader.Offset += 4 * count;
                break;
            case var size: reader.Offset += size; break;
        }
    }

    /// <summary>Operand sizes of the ECMA-335 opcodes (Partition III).</summary>
    private static int OperandSize(ushort opcode) => opcode switch
    {
        0x45 => -1,
        0x0E or 0x0F or 0x10 or 0x11 or 0x12 or 0x13 or 0x1F or 0xDE => 1, // ldarg.s … stloc.s, ldc.i4.s, leave.s
        >= 0x2B and <= 0x37 => 1, // short branches
        >= 0x38 and <= 0x44 => 4, // long branches
        0x20 or 0x22 => 4, // ldc.i4, ldc.r4
        0x21 or 0x23 => 8, // ldc.i8, ldc.r8
        0x27 or 0x28 or 0x29 or 0x6F or 0x70 or 0x71 or 0x72 or 0x73 or 0x74 or 0x75 or 0x79 or 0x7B or 0x7C or 0x7D or 0x7E or 0x7F or 0x80
            or 0x81 or 0x8C or 0x8D or 0x8F or 0xA3 or 0xA4 or 0xA5 or 0xC2 or 0xC6 or 0xD0 or 0xDD => 4,
        0xFE06 or 0xFE07 or 0xFE15 or 0xFE16 or 0xFE1C or 0xFE1D => 4, // ldftn, ldvirtftn, initobj, constrained., sizeof
        0xFE09 or 0xFE0A or 0xFE0B or 0xFE0C or 0xFE0D or 0xFE0E => 2, // ldarg, ldarga, starg, ldloc, ldloca, stloc
        0xFE12 or 0xFE19 => 1, // unaligned., no.
        _ => 0,
    };

    /// <summary>Names of referenced types as the allow-list writes them.</summary>
    private sealed class TypeNameProvider(MetadataReader md)
    {
        public NamedType Named(TypeReferenceHandle handle)
        {
            var (name, ns) = Reference(handle);
            return new NamedType(name, ns, IsOwnAssemblyReference(md, RootScope(md.GetTypeReference(handle).ResolutionScope)));
        }

        public (string Name, string? Ns) Reference(TypeReferenceHandle handle)
        {
            var reference = md.GetTypeReference(handle);
            var name = md.GetString(reference.Name);
            if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                var (outer, outerNs) = Reference((TypeReferenceHandle)reference.ResolutionScope);
                return (outer + "+" + name, outerNs);
            }
            var ns = md.GetString(reference.Namespace);
            return (ns.Length == 0 ? name : ns + "." + name, ns.Length == 0 ? null : ns);
        }

        public NamedType? Parent(EntityHandle parent)
        {
            switch (parent.Kind)
            {
                case HandleKind.TypeReference:
                    var scope = md.GetTypeReference((TypeReferenceHandle)parent).ResolutionScope;
                    var (name, ns) = Reference((TypeReferenceHandle)parent);
                    return new NamedType(name, ns, IsOwnAssemblyReference(md, RootScope(scope)));
                case HandleKind.TypeSpecification:
                    var spec = md.GetTypeSpecification((TypeSpecificationHandle)parent);
                    var blob = md.GetBlobReader(spec.Signature);
                    var code = blob.ReadSignatureTypeCode();
                    if (code == SignatureTypeCode.GenericTypeInstance)
                    {
                        blob.ReadCompressedInteger(); // class or valuetype
                        var handle = blob.ReadTypeHandle();
                        return Parent(handle);
                    }
                    return null; // arrays and type parameters: members of System.Array or constrained calls, checked elsewhere
                case HandleKind.TypeDefinition:
                case HandleKind.MethodDefinition:
                    return new NamedType("", null, true);
                case HandleKind.ModuleReference:
                    return new NamedType("module " + md.GetString(md.GetModuleReference((ModuleReferenceHandle)parent).Name), null, false);
                default:
                    return null;
            }
        }

        private EntityHandle RootScope(EntityHandle scope)
        {
            while (scope.Kind == HandleKind.TypeReference) scope = md.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
            return scope;
        }
    }
}
