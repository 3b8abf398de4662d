using System.Diagnostics;

namespace PrivateEnv.TestSupport;

/// <summary>
/// A small disk for one test, to make it full (a tmpfs) or its files read-only (chattr +i) for real;
/// needs root, as the CI machine runs. Under CI=true a failed mount fails the test; elsewhere the test is skipped.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private readonly string filler;

    private SmallDisk(string path)
    {
        Path = path;
        filler = System.IO.Path.Combine(path, "filler");
    }

    public string Path { get; }

    public static SmallDisk Mount(int megabytes)
    {
        var path = Directory.CreateTempSubdirectory("privateenv-disk-").FullName;
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0777", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            var message = $"mounting a tmpfs failed (needs root): {output}";
            if (ExternalTool.InCi) throw new InvalidOperationException(message + " (CI must run every test)");
            Xunit.Skip.If(true, message);
        }
        return new SmallDisk(path);
    }

    /// <summary>Writes a file until the disk has no space left.</summary>
    public void Fill()
    {
        using var file = new FileStream(filler, FileMode.Create, FileAccess.Write);
        var block = new byte[64 * 1024];
        try { while (true) file.Write(block); }
        catch (IOException) { }
        try { file.Flush(); } catch (IOException) { }
    }

    public void Unfill() => File.Delete(filler);

    /// <summary>Makes files on the disk immutable (chattr +i): writes fail even through descriptors already open.</summary>
    public void MakeReadOnly(params string[] files) => Attribute("+i", files);

    public void MakeWritable(params string[] files) => Attribute("-i", files);

    private void Attribute(string change, string[] files)
    {
        var existing = files.Select(f => System.IO.Path.Combine(Path, f)).Where(File.Exists).ToArray();
        var (code, output) = Run("chattr", [change, .. existing]);
        if (code != 0) throw new InvalidOperationException($"chattr {change} failed: {output}");
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e) { return (-1, e.Message); }
    }
}
