namespace PrivateEnv.Cli;

internal static class ExitCodes
{
    public const int Success = 0;
    public const int CellFailed = 1;
    public const int Usage = 2;
}
