namespace PrivateEnv.Server.Sessions;

/// <summary>Session ids in logs: only a prefix, so a log reader cannot address a session (the id plus the owner's key can).</summary>
public static class SessionIds
{
    public static string Tag(string id) => id.Length <= 8 ? id : id[..8] + "…";
}
