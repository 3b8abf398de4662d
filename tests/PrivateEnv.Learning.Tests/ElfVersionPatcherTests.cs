using System.Text;
using PrivateEnv.Build;

namespace PrivateEnv.Learning.Tests;

public class ElfVersionPatcherTests
{
    /// <summary>
    /// A minimal ELF64 LE image: sections null, .shstrtab, .dynstr, .gnu.version_r; one Verneed
    /// (libstdc++.so.6) with Vernaux entries for each given version name.
    /// </summary>
    internal static byte[] BuildElf(params string[] versions)
    {
        var shstrtab = Encoding.ASCII.GetBytes("\0.shstrtab\0.dynstr\0.gnu.version_r\0");
        var dynstrText = new StringBuilder("\0libstdc++.so.6\0");
        var nameOffsets = new List<int>();
        foreach (var v in versions) { nameOffsets.Add(dynstrText.Length); dynstrText.Append(v).Append('\0'); }
        var dynstr = Encoding.ASCII.GetBytes(dynstrText.ToString());
        var verneed = new byte[16 + 16 * versions.Length];
        void W16(byte[] b, int at, int v) => BitConverter.GetBytes((ushort)v).CopyTo(b, at);
        void W32(byte[] b, int at, long v) => BitConverter.GetBytes((uint)v).CopyTo(b, at);
        void W64(byte[] b, int at, long v) => BitConverter.GetBytes((ulong)v).CopyTo(b, at);
        W16(verneed, 0, 1); W16(verneed, 2, versions.Length); W32(verneed, 4, 1); W32(verneed, 8, 16); W32(verneed, 12, 0);
        for (int i = 0; i < versions.Length; i++)
        {
            var at = 16 + 16 * i;
            W32(verneed, at, 0x1234 + i); W16(verneed, at + 4, 0); W16(verneed, at + 6, 2 + i); W32(verneed, at + 8, nameOffsets[i]);
            W32(verneed, at + 12, i == versions.Length - 1 ? 0 : 16);
        }
        int shstrtabAt = 64, dynstrAt = shstrtabAt + shstrtab.Length, verneedAt = dynstrAt + dynstr.Length;
        int tableAt = (verneedAt + verneed.Length + 7) / 8 * 8;
        var image = new byte[tableAt + 4 * 64];
        image[0] = 0x7f; image[1] = (byte)'E'; image[2] = (byte)'L'; image[3] = (byte)'F'; image[4] = 2; image[5] = 1; image[6] = 1;
        W16(image, 0x10, 3); W16(image, 0x12, 62); W32(image, 0x14, 1);
        W64(image, 0x28, tableAt); W16(image, 0x34, 64); W16(image, 0x3A, 64); W16(image, 0x3C, 4); W16(image, 0x3E, 1);
        shstrtab.CopyTo(image, shstrtabAt); dynstr.CopyTo(image, dynstrAt); verneed.CopyTo(image, verneedAt);
        void Section(int index, int name, uint type, int offset, int size, int link, int info)
        {
            var at = tableAt + 64 * index;
            W32(image, at, name); W32(image, at + 4, type); W64(image, at + 24, offset); W64(image, at + 32, size);
            W32(image, at + 40, link); W32(image, at + 44, info);
        }
        Section(1, 1, 3, shstrtabAt, shstrtab.Length, 0, 0);
        Section(2, 11, 3, dynstrAt, dynstr.Length, 0, 0);
        Section(3, 19, 0x6ffffffe, verneedAt, verneed.Length, 2, 1);
        return image;
    }

    private static ushort FlagsOf(byte[] image, int vernauxIndex)
    {
        var tableAt = (int)BitConverter.ToUInt64(image, 0x28);
        var sectionAt = tableAt + 64 * 3;
        var offset = (int)BitConverter.ToUInt64(image, sectionAt + 24);
        return BitConverter.ToUInt16(image, offset + 16 + 16 * vernauxIndex + 4);
    }

    [Fact]
    public void MarksOnlyTheNamedVersionWeakAndIsIdempotent()
    {
        var image = BuildElf("GLIBCXX_3.4", "GLIBCXX_3.4.32", "CXXABI_1.3");
        Assert.Equal(ElfPatchOutcome.Patched, ElfVersionPatcher.MarkVersionNeedWeak(image, "GLIBCXX_3.4.32"));
        Assert.Equal(0, FlagsOf(image, 0));
        Assert.Equal(2, FlagsOf(image, 1));
        Assert.Equal(0, FlagsOf(image, 2));
        var afterFirst = (byte[])image.Clone();
        Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionPatcher.MarkVersionNeedWeak(image, "GLIBCXX_3.4.32"));
        Assert.Equal(afterFirst, image);
    }

    [Fact]
    public void LeavesAFileWithoutTheVersionUntouched()
    {
        var image = BuildElf("GLIBCXX_3.4", "GLIBCXX_3.4.30");
        var before = (byte[])image.Clone();
        Assert.Equal(ElfPatchOutcome.NotRequired, ElfVersionPatcher.MarkVersionNeedWeak(image, "GLIBCXX_3.4.32"));
        Assert.Equal(before, image);
    }

    [Fact]
    public void RejectsNonElfAndTruncatedInput()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.MarkVersionNeedWeak(Encoding.ASCII.GetBytes(new string('x', 100)), "V"));
        var truncated = BuildElf("GLIBCXX_3.4.32")[..80];
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.MarkVersionNeedWeak(truncated, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void FilePatchLeavesAHardLinkedCacheCopyUntouched()
    {
        var dir = Directory.CreateTempSubdirectory("elf-patch");
        try
        {
            var original = Path.Combine(dir.FullName, "cache.so");
            var output = Path.Combine(dir.FullName, "output.so");
            File.WriteAllBytes(original, BuildElf("GLIBCXX_3.4.32"));
            // MSBuild may hard-link output copies to the package cache; the patch must not write through.
            using (var ln = System.Diagnostics.Process.Start("ln", new[] { original, output })) ln.WaitForExit();
            Assert.True(File.Exists(output));
            Assert.Equal(ElfPatchOutcome.Patched, ElfVersionPatcher.MarkVersionNeedWeak(output, "GLIBCXX_3.4.32"));
            Assert.Equal(2, FlagsOf(File.ReadAllBytes(output), 0));
            Assert.Equal(0, FlagsOf(File.ReadAllBytes(original), 0));
            Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionPatcher.MarkVersionNeedWeak(output, "GLIBCXX_3.4.32"));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void BuildOutputCopyOfTorchSharpLoadsAndIsPatchedOnlyWhenNeeded()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(native), $"{native} should be copied by the build.");
        var system = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        var copy = Path.GetTempFileName();
        try
        {
            File.Copy(native, copy, overwrite: true);
            var outcome = ElfVersionPatcher.MarkVersionNeedWeak(copy, "GLIBCXX_3.4.32");
            if (File.Exists(system) && !ElfVersionPatcher.DefinesVersion(system, "GLIBCXX_3.4.32"))
                Assert.Equal(ElfPatchOutcome.AlreadyWeak, outcome);   // the build's target did it
            Assert.True(ElfVersionPatcher.DefinesVersion(system, "GLIBCXX_3.4.30") || !File.Exists(system));
        }
        finally { File.Delete(copy); }
        using var t = TorchSharp.torch.ones(2);   // loading the native library succeeds
        Assert.Equal(2f, t.sum().item<float>());
    }
}
