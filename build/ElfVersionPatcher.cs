// Marks one symbol-version requirement of an ELF64 shared library as weak, so the dynamic
// loader accepts a libstdc++ that lacks it. Used by /Directory.Build.targets on the output copy
// of TorchSharp's native library (libLibTorchSharp.so asks for GLIBCXX_3.4.32 only for
// _ZSt21ios_base_library_initv, which it never calls) and tested by PrivateEnv.Learning.Tests.
// Compiled twice: as an MSBuild inline task (the task class below) and, with
// ELF_PATCHER_LOGIC_ONLY defined, as plain code in the tests.
using System;
using System.IO;
using System.Text;

namespace PrivateEnv.Build
{
    public enum ElfPatchOutcome { Patched, AlreadyWeak, NotRequired }

    public static class ElfVersionPatcher
    {
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlagWeak = 0x2;

        /// <summary>
        /// Sets VER_FLG_WEAK on the Vernaux entry that requires <paramref name="versionName"/>.
        /// Writes to a temporary file and renames it over the original, so a hard link into a
        /// package cache is never modified. Idempotent.
        /// </summary>
        public static ElfPatchOutcome MarkVersionNeedWeak(string path, string versionName)
        {
            var image = File.ReadAllBytes(path);
            var outcome = MarkVersionNeedWeak(image, versionName);
            if (outcome != ElfPatchOutcome.Patched) return outcome;
            var temporary = path + ".weakening";
            File.WriteAllBytes(temporary, image);
            File.Delete(path);                 // unlinks: a hard-linked cache copy stays untouched
            File.Move(temporary, path);
            return outcome;
        }

        /// <summary>Same, on an in-memory ELF image.</summary>
        public static ElfPatchOutcome MarkVersionNeedWeak(byte[] image, string versionName)
        {
            var elf = new ElfImage(image);
            var section = elf.FindSection(".gnu.version_r");
            if (section is null) return ElfPatchOutcome.NotRequired;
            if (section.Value.Type != ShtGnuVerneed)
                throw new InvalidDataException(".gnu.version_r is not of type SHT_GNU_verneed.");
            var strings = elf.Section((int)section.Value.Link);
            var outcome = ElfPatchOutcome.NotRequired;

            long need = section.Value.Offset;
            for (uint i = 0; i < section.Value.Info; i++)
            {
                var auxCount = elf.U16(need + 2);
                long aux = need + elf.U32(need + 8);
                for (int j = 0; j < auxCount; j++)
                {
                    var name = elf.CString(strings.Offset + elf.U32(aux + 8));
                    if (name == versionName)
                    {
                        var flags = elf.U16(aux + 4);
                        if ((flags & VerFlagWeak) != 0) outcome = outcome == ElfPatchOutcome.Patched ? outcome : ElfPatchOutcome.AlreadyWeak;
                        else
                        {
                            elf.WriteU16(aux + 4, (ushort)(flags | VerFlagWeak));
                            outcome = ElfPatchOutcome.Patched;
                        }
                    }
                    var nextAux = elf.U32(aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var nextNeed = elf.U32(need + 12);
                if (nextNeed == 0) break;
                need += nextNeed;
            }
            return outcome;
        }

        /// <summary>True when the library's .gnu.version_d defines <paramref name="versionName"/>.</summary>
        public static bool DefinesVersion(string path, string versionName)
        {
            var elf = new ElfImage(File.ReadAllBytes(path));
            var section = elf.FindSection(".gnu.version_d");
            if (section is null || section.Value.Type != ShtGnuVerdef) return false;
            var strings = elf.Section((int)section.Value.Link);
            long def = section.Value.Offset;
            for (uint i = 0; i < section.Value.Info; i++)
            {
                var auxCount = elf.U16(def + 6);
                long aux = def + elf.U32(def + 12);
                for (int j = 0; j < auxCount; j++)
                {
                    if (elf.CString(strings.Offset + elf.U32(aux)) == versionName) return true;
                    var nextAux = elf.U32(aux + 4);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var nextDef = elf.U32(def + 16);
                if (nextDef == 0) break;
                def += nextDef;
            }
            return false;
        }

        internal struct SectionHeader
        {
            public uint Name, Type, Link, Info;
            public long Offset, Size;
        }

        /// <summary>Just enough of ELF64 little-endian: section headers, names via shstrtab.</summary>
        internal sealed class ElfImage
        {
            private readonly byte[] bytes;
            private readonly SectionHeader[] sections;
            private readonly int namesIndex;

            public ElfImage(byte[] bytes)
            {
                this.bytes = bytes;
                if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
                    throw new InvalidDataException("Not an ELF file.");
                if (bytes[4] != 2 || bytes[5] != 1)
                    throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");
                long tableOffset = (long)U64(0x28);
                int entrySize = U16(0x3A);
                int count = U16(0x3C);
                int namesIndex = U16(0x3E);
                if (entrySize < 64) throw new InvalidDataException("ELF section header entries are too small.");
                var first = ReadHeader(tableOffset);
                if (count == 0 && tableOffset != 0) count = (int)first.Size;          // extended numbering
                if (namesIndex == 0xffff) namesIndex = (int)first.Link;              // SHN_XINDEX
                sections = new SectionHeader[count];
                for (int i = 0; i < count; i++) sections[i] = ReadHeader(tableOffset + (long)i * entrySize);
                this.namesIndex = namesIndex;
            }

            public SectionHeader Section(int index) =>
                index >= 0 && index < sections.Length ? sections[index] : throw new InvalidDataException($"ELF section index {index} is out of range.");

            public SectionHeader? FindSection(string name)
            {
                if (namesIndex == 0 || namesIndex >= sections.Length) return null;
                var names = sections[namesIndex];
                foreach (var section in sections)
                    if (CString(names.Offset + section.Name) == name) return section;
                return null;
            }

            private SectionHeader ReadHeader(long at)
            {
                Check(at, 64);
                return new SectionHeader
                {
                    Name = U32(at),
                    Type = U32(at + 4),
                    Offset = (long)U64(at + 24),
                    Size = (long)U64(at + 32),
                    Link = U32(at + 40),
                    Info = U32(at + 44),
                };
            }

            public string CString(long at)
            {
                Check(at, 1);
                long end = at;
                while (end < bytes.Length && bytes[end] != 0) end++;
                return Encoding.ASCII.GetString(bytes, (int)at, (int)(end - at));
            }

            public ushort U16(long at) { Check(at, 2); return (ushort)(bytes[at] | bytes[at + 1] << 8); }
            public uint U32(long at) { Check(at, 4); return (uint)(U16(at) | U16(at + 2) << 16); }
            public ulong U64(long at) { Check(at, 8); return U32(at) | (ulong)U32(at + 4) << 32; }
            public void WriteU16(long at, ushort value) { Check(at, 2); bytes[at] = (byte)value; bytes[at + 1] = (byte)(value >> 8); }

            private void Check(long at, int length)
            {
                if (at < 0 || at + length > bytes.Length) throw new InvalidDataException("ELF structure points outside the file.");
            }
        }
    }

#if !ELF_PATCHER_LOGIC_ONLY
    /// <summary>MSBuild task: weakens the version need in each file unless libstdc++ already defines it.</summary>
    public sealed class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();
        [Microsoft.Build.Framework.Required] public string VersionName { get; set; } = "";

        private static readonly string[] SystemLibraryCandidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };

        public override bool Execute()
        {
            var system = Array.Find(SystemLibraryCandidates, File.Exists);
            if (system is null)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "No system libstdc++.so.6 found; TorchSharp native library left as shipped.");
                return true;
            }
            if (ElfVersionPatcher.DefinesVersion(system, VersionName))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"{system} defines {VersionName}; no patch needed.");
                return true;
            }
            foreach (var file in Files)
            {
                try
                {
                    var outcome = ElfVersionPatcher.MarkVersionNeedWeak(file.ItemSpec, VersionName);
                    if (outcome == ElfPatchOutcome.Patched)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            $"Marked the {VersionName} requirement of {file.ItemSpec} weak: the system libstdc++ ({system}) lacks it and the only symbol behind it is never called.");
                }
                catch (Exception e) when (e is InvalidDataException || e is IOException)
                {
                    Log.LogError($"Could not patch {file.ItemSpec} for the missing {VersionName}: {e.Message} Delete the output folder and rebuild, or install a libstdc++ with {VersionName}.");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
