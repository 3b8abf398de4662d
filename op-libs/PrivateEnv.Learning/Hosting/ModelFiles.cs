namespace PrivateEnv.Learning.Hosting;

/// <summary>Host-side files of a model export: &lt;name&gt;.json (architecture) and &lt;name&gt;.safetensors (weights).</summary>
public static class ModelFiles
{
    public static void Save(ModelExport export, string directory, string name = "model")
    {
        ArgumentNullException.ThrowIfNull(export);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".json"), export.ArchitectureJson);
        File.WriteAllBytes(Path.Combine(directory, name + ".safetensors"), export.SafeTensorsWeights);
    }

    public static ModelExport Load(string directory, string name = "model")
    {
        var json = Path.Combine(directory, name + ".json");
        var weights = Path.Combine(directory, name + ".safetensors");
        if (!File.Exists(json) || !File.Exists(weights))
            throw new FileNotFoundException($"A model export needs {name}.json and {name}.safetensors in {directory}.");
        return new ModelExport(File.ReadAllText(json), File.ReadAllBytes(weights));
    }
}
