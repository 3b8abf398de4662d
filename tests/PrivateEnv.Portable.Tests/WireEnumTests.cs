using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Portable.Tests;

/// <summary>The codec's enums and the wire's (privateenv.proto) agree, so ValueKinds can map them by number.</summary>
public class WireEnumTests
{
    [Fact]
    public void Every_kind_has_the_same_number_and_name_on_the_wire()
    {
        // Generated names drop the VALUE_KIND_ prefix: VALUE_KIND_DOUBLE_ARRAY → DoubleArray, VALUE_KIND_DATETIME → Datetime.
        Assert.Equal(Enum.GetValues<PortableKind>().Select(k => ((int)k, k.ToString().ToUpperInvariant())),
            Enum.GetValues<ValueKind>().Select(k => ((int)k, k.ToString().ToUpperInvariant())));
        Assert.Equal(Enum.GetValues<PortableEncoding>().Select(e => ((int)e, e.ToString().ToUpperInvariant())),
            Enum.GetValues<ValueEncoding>().Select(e => ((int)e, e.ToString().ToUpperInvariant())));
        foreach (var kind in Enum.GetValues<PortableKind>())
        {
            Assert.Equal(kind, kind.ToWire().ToPortable());
            Assert.Equal(kind.Name(), kind.ToWire().Name());
        }
        foreach (var encoding in Enum.GetValues<PortableEncoding>()) Assert.Equal(encoding, encoding.ToWire().ToPortable());
    }

    [Fact]
    public void An_export_keeps_its_kind_encoding_payload_and_type_name_across_the_wire()
    {
        var value = PortableValues.Encode(new[] { 1.5, 2.0 }) with { TypeName = "Sample" };
        var wire = value.ToExport("xs");
        Assert.Equal(("xs", ValueKind.DoubleArray, ValueEncoding.Json, "Sample"), (wire.Name, wire.Kind, wire.Encoding, wire.TypeName));
        var back = wire.ToPortable();
        Assert.Equal((value.Kind, value.Encoding, value.TypeName), (back.Kind, back.Encoding, back.TypeName));
        Assert.Equal(value.Payload, back.Payload);
    }
}
