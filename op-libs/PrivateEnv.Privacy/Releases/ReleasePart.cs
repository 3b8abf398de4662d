namespace PrivateEnv.Privacy.Releases;

/// <summary>
/// One noisy output of a release: its public parameters, its privacy event and ε, and — once
/// <see cref="DpRelease.Charge"/> has recorded the charge — exactly one use of its noise. Everything a part
/// validates depends on public parameters only, so whether it throws reveals nothing about the data.
/// </summary>
public abstract class ReleasePart
{
    private int state; // 0 planned, 1 charged
    private int releases;

    /// <summary>What this part costs, as data for accountants and the ledger.</summary>
    public abstract PrivacyEvent Event { get; }

    /// <summary>The ε the analyst asked for this part (at least the event's own ε).</summary>
    public abstract double Epsilon { get; }

    /// <summary>
    /// How many noisy outputs the part may give: 1, or one per disjoint group of rows when the caller releases the
    /// same statistic on each group (parallel composition: one individual is in one group, so the charge is one release's).
    /// </summary>
    public virtual int DisjointGroups => 1;

    /// <summary>The δ this part is calibrated for (0 for pure ε-DP parts).</summary>
    public virtual double Delta => 0;

    internal void MarkCharged()
    {
        if (Interlocked.CompareExchange(ref state, 1, 0) != 0)
            throw new InvalidOperationException("Internal error: a release part was charged twice.");
    }

    /// <summary>Called at the start of every noisy output: the part must be charged and have a use left.</summary>
    protected void BeginRelease()
    {
        RequireCharged();
        if (Interlocked.Increment(ref releases) > DisjointGroups)
            throw new InvalidOperationException("Internal error: a release part's noise was requested more often than it was charged for.");
    }

    /// <summary>For parts used many times (DP-SGD steps): the charge must have been recorded.</summary>
    protected void RequireCharged()
    {
        if (Volatile.Read(ref state) != 1)
            throw new InvalidOperationException("Internal error: noise was requested before its charge was recorded.");
    }

    internal static double ValidateEpsilon(double epsilon)
    {
        if (!double.IsFinite(epsilon) || epsilon < DpRelease.MinimumEpsilon || epsilon > DpRelease.MaximumEpsilon)
            throw new ArgumentOutOfRangeException(nameof(epsilon),
                $"eps must be a number between {DpRelease.MinimumEpsilon:G3} (2^-20) and {DpRelease.MaximumEpsilon:G3}, got {epsilon}.");
        return epsilon;
    }

    internal static int ValidateStability(int stability)
    {
        if (stability < 1 || stability > 1 << 16)
            throw new ArgumentOutOfRangeException(nameof(stability), $"Rows per individual must be in [1, 65536], got {stability}.");
        return stability;
    }
}
