namespace PrivateEnv.Sandbox.Release;

/// <summary>The release gate refused a value: it is (or holds) something private.</summary>
public sealed class ReleaseRefusedException(string message) : Exception(message);
