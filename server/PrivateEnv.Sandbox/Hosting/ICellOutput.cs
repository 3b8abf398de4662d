namespace PrivateEnv.Sandbox.Hosting;

/// <summary>Where a running cell's released outputs go (the worker forwards them to the server).</summary>
public interface ICellOutput
{
    void Stdout(string text);
    void Display(IReadOnlyDictionary<string, string> mimeBundle, string? displayId = null);
    void Export(string name, string type, string encoding, byte[] payload);
    void Progress(string id, string label, double current, double total, string message);
}
