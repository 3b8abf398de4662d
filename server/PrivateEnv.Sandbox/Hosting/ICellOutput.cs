using PrivateEnv.Portable;

namespace PrivateEnv.Sandbox.Hosting;

/// <summary>Where a running cell's released outputs go (the worker forwards them to the server).</summary>
public interface ICellOutput
{
    void Stdout(string text);
    void Display(IReadOnlyDictionary<string, string> mimeBundle, string? displayId = null);
    /// <summary>A value that passed the release gate (<see cref="Release.ReleaseGate.Encode"/>), under a variable name.</summary>
    void Export(string name, PortableValue value);
    void Progress(string id, string label, double current, double total, string message);
}
