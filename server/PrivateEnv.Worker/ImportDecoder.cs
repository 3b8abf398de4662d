using PrivateEnv.DataFrame;
using PrivateEnv.Learning;
using PrivateEnv.Portable;

namespace PrivateEnv.Worker;

/// <summary>
/// Decodes PrivateImport payloads (public values the analyst sends in) into the values a cell gets, with the codec's
/// kind table: plain kinds as <see cref="PortableValues"/> decodes them, a table as a <see cref="PublicTable"/>, a model
/// as a <see cref="ModelExport"/>. Malformed input is refused with a message that quotes none of it.
/// </summary>
internal static class ImportDecoder
{
    public static (object Value, string CSharpType) Decode(PortableKind kind, PortableEncoding encoding, ReadOnlySpan<byte> payload)
    {
        var info = kind.Info();
        if (!info.Importable)
            throw new ArgumentException($"A {info.Name} cannot be imported. Import {string.Join(", ", PortableKinds.All.Where(i => i.Importable).Select(i => i.Name))}.");
        var (value, _) = PortableValues.Decode(kind, encoding, payload);
        return value switch
        {
            PortableModel model => (ModelExport.From(model), typeof(ModelExport).FullName!),
            // The table's own parser types its columns (numbers or text), as for a table a cell parses itself.
            PortableTable table => (PublicTable.ParseCsv(table.ToCsv()), typeof(PublicTable).FullName!),
            _ => (value!, info.CSharpName),
        };
    }
}
