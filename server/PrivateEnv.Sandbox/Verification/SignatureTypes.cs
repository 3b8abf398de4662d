using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace PrivateEnv.Sandbox.Verification;

/// <summary>A type named in emitted metadata: its allow-list name, namespace, and whether the cell declared it.</summary>
internal readonly record struct NamedType(string Name, string? Namespace, bool Own);

/// <summary>
/// Decodes signatures (fields, methods, locals, TypeSpec and MethodSpec blobs) and collects
/// every named type inside them, generic arguments included, plus anything no signature of a
/// cell may hold (pointers, function pointers, TypedReference, pinned locals).
/// </summary>
internal sealed class SignatureTypes(MetadataReader md, Func<TypeReferenceHandle, NamedType> resolveReference)
    : ISignatureTypeProvider<string, object?>
{
    public List<NamedType> Types { get; } = [];
    public List<string> Forbidden { get; } = [];

    public void Clear() { Types.Clear(); Forbidden.Clear(); }

    public void DecodeTypeSpecification(TypeSpecificationHandle handle) =>
        md.GetTypeSpecification(handle).DecodeSignature(this, null);

    public void DecodeMethodSpecification(MethodSpecificationHandle handle) =>
        md.GetMethodSpecification(handle).DecodeSignature(this, null);

    public void DecodeField(FieldDefinitionHandle handle) => md.GetFieldDefinition(handle).DecodeSignature(this, null);

    public void DecodeMethod(MethodDefinitionHandle handle) => md.GetMethodDefinition(handle).DecodeSignature(this, null);

    public void DecodeLocals(StandaloneSignatureHandle handle)
    {
        if (!handle.IsNil) md.GetStandaloneSignature(handle).DecodeLocalSignature(this, null);
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var type = resolveReference(handle);
        Types.Add(type);
        return type.Name;
    }

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        var name = reader.GetString(reader.GetTypeDefinition(handle).Name);
        Types.Add(new NamedType(name, null, Own: true));
        return name;
    }

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetPrimitiveType(PrimitiveTypeCode typeCode)
    {
        if (typeCode == PrimitiveTypeCode.TypedReference) Forbidden.Add("TypedReference");
        return typeCode.ToString();
    }

    public string GetPointerType(string elementType) { Forbidden.Add($"a pointer ({elementType}*)"); return elementType + "*"; }
    public string GetFunctionPointerType(MethodSignature<string> signature) { Forbidden.Add("a function pointer"); return "delegate*"; }
    public string GetPinnedType(string elementType) { Forbidden.Add("a pinned local"); return elementType; }
    public string GetByReferenceType(string elementType) => elementType + "&";
    public string GetSZArrayType(string elementType) => elementType + "[]";
    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;
    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
}
