using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateEnv.Privacy;

/// <summary>
/// A release's privacy guarantee described as data (after Google dp_accounting's DpEvent),
/// so a ledger or accountant can compose heterogeneous charges.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(PureDpEvent), "pure")]
[JsonDerivedType(typeof(ApproximateDpEvent), "approximate")]
[JsonDerivedType(typeof(ZcdpEvent), "zcdp")]
[JsonDerivedType(typeof(LaplaceEvent), "laplace")]
[JsonDerivedType(typeof(GaussianEvent), "gaussian")]
[JsonDerivedType(typeof(DiscreteGaussianEvent), "discrete_gaussian")]
[JsonDerivedType(typeof(PoissonSampledEvent), "poisson_sampled")]
[JsonDerivedType(typeof(SelfComposedEvent), "self_composed")]
[JsonDerivedType(typeof(ComposedEvent), "composed")]
public abstract record PrivacyEvent
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Events arrive from workers as data: every parameter must be present and non-null parts non-null.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static PrivacyEvent FromJson(string json) =>
        JsonSerializer.Deserialize<PrivacyEvent>(json, JsonOptions)
        ?? throw new ArgumentException("Privacy event JSON is empty.", nameof(json));
}

/// <summary>A pure ε-DP release.</summary>
public sealed record PureDpEvent(double Epsilon) : PrivacyEvent;

/// <summary>An (ε, δ)-DP release whose finer structure is unknown.</summary>
public sealed record ApproximateDpEvent(double Epsilon, double Delta) : PrivacyEvent;

/// <summary>A ρ-zCDP release (Bun &amp; Steinke 2016).</summary>
public sealed record ZcdpEvent(double Rho) : PrivacyEvent;

/// <summary>Laplace noise of scale b on a query of L1 sensitivity Δ: ε = Δ/b pure DP.</summary>
public sealed record LaplaceEvent(double Sensitivity, double Scale) : PrivacyEvent
{
    public double Epsilon => Sensitivity / Scale;
}

/// <summary>Gaussian noise with σ = NoiseMultiplier · L2 sensitivity.</summary>
public sealed record GaussianEvent(double NoiseMultiplier) : PrivacyEvent;

/// <summary>
/// Discrete Gaussian noise N_Z(0, σ²) on an integer query of sensitivity Δ: (ε, δ) by the exact curve of
/// Canonne, Kamath &amp; Steinke 2020 (Thm 7) and Δ²/(2σ²)-zCDP (their Thm 4).
/// </summary>
public sealed record DiscreteGaussianEvent(long Sensitivity, double SigmaSquared) : PrivacyEvent
{
    public double Rho => (double)Sensitivity * Sensitivity / (2 * SigmaSquared);
}

/// <summary>The inner event run on a Poisson sample that keeps each record with probability q.</summary>
public sealed record PoissonSampledEvent(double SamplingProbability, PrivacyEvent Inner) : PrivacyEvent;

/// <summary>The same event composed Count times (e.g. the steps of DP-SGD).</summary>
public sealed record SelfComposedEvent(PrivacyEvent Inner, int Count) : PrivacyEvent;

/// <summary>Several events composed.</summary>
public sealed record ComposedEvent(IReadOnlyList<PrivacyEvent> Events) : PrivacyEvent;
