using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using PrivateEnv.Sandbox.Hosting;

namespace PrivateEnv.Sandbox.Verification;

/// <summary>
/// The ground truth: scans the emitted assembly of a cell. Every type and member it references
/// must be on the allow-list (or be compiler infrastructure), its own types may not be
/// P/Invoke, explicit-layout or finalizers, and method bodies may not use unverifiable opcodes.
/// </summary>
public sealed class IlScanner(AllowList allowList)
{
    public IReadOnlyList<Violation> Scan(byte[] peImage)
    {
        var violations = new List<Violation>();
        using var pe = new PEReader(ImmutableArray.Create(peImage));
        var md = pe.GetMetadataReader();
        var names = new TypeNameProvider(md);

        foreach (var handle in md.TypeReferences)
        {
            var (name, ns) = names.Reference(handle);
            if (IsOwnAssemblyReference(md, md.GetTypeReference(handle).ResolutionScope)) continue;
            if (IsAttributeOnly(name)) continue;
            if (!allowList.IsTypeNameable(name, ns, inIl: true))
                violations.Add(new Violation($"the emitted code references the type {name}, which is not on the allow-list", 0, 0));
        }
        foreach (var handle in md.MemberReferences)
        {
            var reference = md.GetMemberReference(handle);
            var memberName = md.GetString(reference.Name);
            var parent = names.Parent(reference.Parent);
            if (parent is null || parent.Value.Own) continue;
            var (typeName, ns, _) = parent.Value;
            if (memberName == ".ctor" && IsAttributeOnly(typeName)) continue;
            if (!allowList.IsMemberAllowed(typeName, ns, memberName, inIl: true))
                violations.Add(new Violation($"the emitted code calls {typeName}::{memberName}, which is not on the allow-list", 0, 0));
        }
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            var typeName = md.GetString(type.Name);
            var declaring = type.GetDeclaringType();
            var compilerGenerated = typeName.Contains('<') || (!declaring.IsNil && md.GetString(md.GetTypeDefinition(declaring).Name).Contains('<'));
            if ((type.Attributes & TypeAttributes.LayoutMask) == TypeAttributes.ExplicitLayout && !compilerGenerated)
                violations.Add(new Violation($"type {typeName} uses explicit layout, which cells may not", 0, 0));
            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                var isStatic = (field.Attributes & FieldAttributes.Static) != 0;
                var isLiteral = (field.Attributes & FieldAttributes.Literal) != 0;
                if (isStatic && !isLiteral && !compilerGenerated)
                    violations.Add(new Violation($"static field {typeName}.{md.GetString(field.Name)} is not allowed in cells", 0, 0));
            }
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var methodName = md.GetString(method.Name);
                if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 || (method.ImplAttributes & MethodImplAttributes.InternalCall) != 0)
                    violations.Add(new Violation($"{typeName}.{methodName} is a native (P/Invoke) method, which cells may not declare", 0, 0));
                if (methodName == "Finalize" && (method.Attributes & MethodAttributes.Virtual) != 0)
                    violations.Add(new Violation($"{typeName} declares a finalizer, which cells may not", 0, 0));
                if (method.RelativeVirtualAddress != 0)
                    ScanBody(pe.GetMethodBody(method.RelativeVirtualAddress), typeName, methodName, violations);
            }
        }
        if (md.GetTableRowCount(TableIndex.StandAloneSig) > 0)
        {
            foreach (var handle in Enumerable.Range(1, md.GetTableRowCount(TableIndex.StandAloneSig)).Select(i => MetadataTokens.StandaloneSignatureHandle(i)))
                if (md.GetStandaloneSignature(handle).GetKind() == StandaloneSignatureKind.Method)
                    violations.Add(new Violation("the emitted code makes an indirect call (calli), which cells may not", 0, 0));
        }
        return violations;
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

    private static void ScanBody(MethodBodyBlock body, string typeName, string methodName, List<Violation> violations)
    {
        var reader = body.GetILReader();
        while (reader.RemainingBytes > 0)
        {
            ushort opcode = reader.ReadByte();
            if (opcode == 0xFE) opcode = (ushort)(0xFE00 | reader.ReadByte());
            if (ForbiddenOpcodes.Contains(opcode))
            {
                violations.Add(new Violation($"{typeName}.{methodName} uses an unverifiable IL instruction (0x{opcode:X}), which cells may not", 0, 0));
                return;
            }
            SkipOperand(ref reader, opcode);
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

        public (string Name, string? Ns, bool Own)? Parent(EntityHandle parent)
        {
            switch (parent.Kind)
            {
                case HandleKind.TypeReference:
                    var scope = md.GetTypeReference((TypeReferenceHandle)parent).ResolutionScope;
                    var (name, ns) = Reference((TypeReferenceHandle)parent);
                    return (name, ns, IsOwnAssemblyReference(md, RootScope(scope)));
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
                    return ("", null, true);
                case HandleKind.ModuleReference:
                    return ("module " + md.GetString(md.GetModuleReference((ModuleReferenceHandle)parent).Name), null, false);
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
