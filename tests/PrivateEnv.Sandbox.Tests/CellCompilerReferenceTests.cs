using System.Globalization;
using Microsoft.CodeAnalysis;
using PrivateEnv.DataFrame;
using PrivateEnv.Privacy;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Verification;

namespace PrivateEnv.Sandbox.Tests;

/// <summary>
/// Every worker references the same framework and library files; their metadata must be read through mappings of those
/// files (pages shared by all workers through the page cache), not copied into each worker's private memory. A copy cost
/// every idle worker 21 MB of private memory (CoreLib alone is 15 MB). Files under 16 KiB are read, not mapped, by
/// System.Reflection.Metadata (a mapping would cost more); those are facades of a few KiB each.
/// </summary>
public class CellCompilerReferenceTests
{
    [Fact]
    public void Reference_metadata_is_read_from_a_mapping_of_its_file()
    {
        var compiler = new CellCompiler(AllowList.Default, [typeof(PrivateDataFrame).Assembly, typeof(BudgetExceededException).Assembly]);
        var cell = compiler.Compile("1 + 1", previous: null, trusted: true);
        Assert.True(cell.Succeeded, string.Join("; ", cell.Errors));
        var mappings = FileMappings();

        var references = cell.Compilation.References.OfType<PortableExecutableReference>().ToList();
        Assert.Contains(references, r => r.FilePath == typeof(object).Assembly.Location);
        foreach (var reference in references.Where(r => new FileInfo(r.FilePath!).Length >= SmallestMappedFile))
        {
            var address = MetadataAddress(reference);
            var file = mappings.FirstOrDefault(m => m.Start <= address && address < m.End).Path;
            Assert.True(file == Path.GetFullPath(reference.FilePath!),
                $"{Path.GetFileName(reference.FilePath)}: its metadata at 0x{address:x} lies in {file ?? "anonymous memory"}, not in a mapping of its file");
        }
    }

    private const long SmallestMappedFile = 16 * 1024;

    private static unsafe ulong MetadataAddress(PortableExecutableReference reference)
    {
        var metadata = Assert.IsType<AssemblyMetadata>(reference.GetMetadata());
        return (ulong)metadata.GetModules()[0].GetMetadataReader().MetadataPointer;
    }

    /// <summary>The process's file-backed mappings, from /proc/self/maps.</summary>
    private static List<(ulong Start, ulong End, string? Path)> FileMappings() =>
        [.. File.ReadLines("/proc/self/maps").Select(line =>
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var range = fields[0].Split('-');
            var path = fields.Length == 6 && fields[5].StartsWith('/') ? fields[5].Trim() : null;
            return (ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), path);
        })];
}
