namespace PrivateEnv.Sandbox.Hosting;

/// <summary>Names the host turns into cell variables (datasets, imports): plain ASCII C# identifiers.</summary>
public static class VariableNames
{
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 64 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
