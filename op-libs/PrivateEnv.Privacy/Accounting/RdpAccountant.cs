namespace PrivateEnv.Privacy.Accounting;

/// <summary>
/// Rényi DP accountant (Mironov 2017): RDP curves of composed events add order by order;
/// (ε, δ) comes from <see cref="RdpConversion"/>. Supports Gaussian, Poisson-subsampled Gaussian,
/// Laplace, pure DP, zCDP, self-composed and composed events.
/// </summary>
public sealed class RdpAccountant : IPrivacyAccountant
{
    /// <summary>dp_accounting's default orders: 1 + x/10 for x in 1..99, 11..63, 128, 256, 512, 1024.</summary>
    public static IReadOnlyList<double> DefaultOrders { get; } =
        Enumerable.Range(1, 99).Select(x => 1 + x / 10.0)
            .Concat(Enumerable.Range(11, 53).Select(x => (double)x))
            .Concat([128.0, 256.0, 512.0, 1024.0])
            .ToArray();

    private readonly double[] orders;
    private readonly double[] rdp;

    public RdpAccountant(IReadOnlyList<double>? orders = null)
    {
        this.orders = (orders ?? DefaultOrders).ToArray();
        if (this.orders.Length == 0 || this.orders.Any(a => !(a > 1)))
            throw new ArgumentException("Rényi orders must be a non-empty list of numbers > 1.", nameof(orders));
        rdp = new double[this.orders.Length];
    }

    public IReadOnlyList<double> Orders => orders;

    /// <summary>The accumulated RDP curve, one value per order.</summary>
    public IReadOnlyList<double> Curve => rdp;

    public void Compose(PrivacyEvent privacyEvent)
    {
        ArgumentNullException.ThrowIfNull(privacyEvent);
        var added = CurveOf(privacyEvent, orders); // compute all before changing state
        for (var i = 0; i < rdp.Length; i++) rdp[i] += added[i];
    }

    public double GetEpsilon(double delta) => GetEpsilonAndOrder(delta).Epsilon;

    public (double Epsilon, double Order) GetEpsilonAndOrder(double delta) => RdpConversion.Epsilon(orders, rdp, delta);

    public double GetDelta(double epsilon) => RdpConversion.Delta(orders, rdp, epsilon).Delta;

    /// <summary>The RDP curve of an event at the given orders.</summary>
    public static double[] CurveOf(PrivacyEvent privacyEvent, IReadOnlyList<double> orders)
    {
        var curve = new double[orders.Count];
        for (var i = 0; i < curve.Length; i++) curve[i] = RdpOf(privacyEvent, orders[i]);
        return curve;
    }

    /// <summary>RDP of an event at one order α &gt; 1; throws <see cref="NotSupportedException"/> when the event has no RDP curve.</summary>
    public static double RdpOf(PrivacyEvent privacyEvent, double order) => privacyEvent switch
    {
        GaussianEvent g => SubsampledGaussianRdp.Compute(1, g.NoiseMultiplier, order),
        PoissonSampledEvent { Inner: GaussianEvent g } p => SubsampledGaussianRdp.Compute(p.SamplingProbability, g.NoiseMultiplier, order),
        LaplaceEvent l => LaplaceRdp(l.Epsilon, order),
        PureDpEvent p => PureDpRdp(p.Epsilon, order),
        ApproximateDpEvent { Delta: 0 } a => PureDpRdp(a.Epsilon, order),
        DiscreteGaussianEvent d => d.SigmaSquared > 0 && d.Sensitivity >= 0 ? d.Rho * order : throw new ArgumentException($"A discrete Gaussian needs σ² > 0 and Δ ≥ 0, got {d.SigmaSquared}, {d.Sensitivity}."),
        ZcdpEvent z => z.Rho >= 0 ? z.Rho * order : throw new ArgumentException($"ρ must be ≥ 0, got {z.Rho}."),
        SelfComposedEvent s => s.Count >= 0 ? s.Count == 0 ? 0 : s.Count * RdpOf(s.Inner, order) : throw new ArgumentException($"A composition count must be ≥ 0, got {s.Count}."),
        ComposedEvent c => c.Events.Sum(e => RdpOf(e, order)),
        _ => throw new NotSupportedException(
            $"The RDP accountant cannot account a {privacyEvent.GetType().Name}: it has no Rényi curve. Use basic composition for (ε, δ) events or Poisson sampling only around a Gaussian."),
    };

    /// <summary>Laplace mechanism with ε = Δ/b: D_α = log(α/(2α−1)·e^{(α−1)ε} + (α−1)/(2α−1)·e^{−αε})/(α−1) (Mironov 2017, Prop. 6).</summary>
    public static double LaplaceRdp(double epsilon, double order)
    {
        if (!(epsilon >= 0)) throw new ArgumentException($"Laplace ε must be ≥ 0, got {epsilon}.");
        if (epsilon == 0) return 0;
        if (double.IsPositiveInfinity(order)) return epsilon;
        var a = order;
        var log = Numerics.SpecialFunctions.LogAdd(
            Math.Log(a / (2 * a - 1)) + (a - 1) * epsilon,
            Math.Log((a - 1) / (2 * a - 1)) - a * epsilon);
        return Math.Min(epsilon, log / (a - 1));
    }

    /// <summary>ε-DP implies D_α ≤ ε and (ε²/2)-zCDP, i.e. D_α ≤ αε²/2 (Bun &amp; Steinke 2016, Prop. 3.3).</summary>
    public static double PureDpRdp(double epsilon, double order)
    {
        if (!(epsilon >= 0)) throw new ArgumentException($"ε must be ≥ 0, got {epsilon}.");
        return Math.Min(epsilon, order * epsilon * epsilon / 2);
    }
}
