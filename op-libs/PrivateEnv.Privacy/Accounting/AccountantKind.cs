namespace PrivateEnv.Privacy.Accounting;

/// <summary>Which accountant turns a DP-SGD run into (ε, δ).</summary>
public enum AccountantKind
{
    /// <summary>Rényi DP with dp_accounting's default orders and the CKS 2020 conversion.</summary>
    Rdp,
    /// <summary>Privacy loss distributions (pessimistic connect-the-dots, FFT composition): tighter, slower.</summary>
    Pld,
}
