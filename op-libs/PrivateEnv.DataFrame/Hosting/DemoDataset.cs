using System.Globalization;
using System.Text;

namespace PrivateEnv.DataFrame.Hosting;

/// <summary>
/// The embedded demo dataset "patients": synthetic, generated deterministically (fixed seed,
/// own generator) so every server and test sees the same rows. Not real people.
/// </summary>
public static class DemoDataset
{
    public const string Name = "patients";
    public const int DefaultRows = 10_000;

    public const string MetadataJson = """
        {
          "description": "Synthetic patients (demo). One row per patient.",
          "rows": 10000,
          "columns": {
            "age": {"type": "numeric", "lower": 18, "upper": 95},
            "sex": {"type": "categorical", "categories": ["F", "M"]},
            "bmi": {"type": "numeric", "lower": 12, "upper": 60},
            "systolic_bp": {"type": "numeric", "lower": 80, "upper": 220},
            "cholesterol": {"type": "numeric", "lower": 100, "upper": 400},
            "smoker": {"type": "boolean"},
            "region": {"type": "categorical", "categories": ["north", "south", "east", "west"]},
            "diagnosis": {"type": "categorical", "categories": ["healthy", "hypertension", "diabetes", "heart_disease"]}
          }
        }
        """;

    public static DatasetMetadata Metadata => DatasetMetadata.Parse(MetadataJson);

    /// <summary>The demo rows as CSV text with a header.</summary>
    public static string GenerateCsv(int rows = DefaultRows, ulong seed = 20261125)
    {
        var rng = new SplitMix64(seed);
        var csv = new StringBuilder("age,sex,bmi,systolic_bp,cholesterol,smoker,region,diagnosis\n");
        string[] regions = ["north", "south", "east", "west"];
        for (var i = 0; i < rows; i++)
        {
            var age = Math.Clamp(Math.Round(48 + 17 * rng.NextGaussian()), 18, 95);
            var female = rng.NextDouble() < 0.51;
            var bmi = Math.Clamp(Math.Round(26.5 + 0.04 * (age - 48) + 4.8 * rng.NextGaussian(), 1), 12, 60);
            var smoker = rng.NextDouble() < (age < 40 ? 0.24 : 0.17);
            var bp = Math.Clamp(Math.Round(112 + 0.55 * (age - 18) + 0.9 * (bmi - 25) + (smoker ? 4 : 0) + (female ? -3 : 0) + 13 * rng.NextGaussian()), 80, 220);
            var chol = Math.Clamp(Math.Round(175 + 0.6 * (age - 18) + 1.5 * (bmi - 25) + 32 * rng.NextGaussian()), 100, 400);
            var diagnosis = Diagnose(rng, age, bmi, bp, chol, smoker);
            var region = regions[(int)(rng.NextDouble() * regions.Length)];
            csv.Append(CultureInfo.InvariantCulture, $"{age},{(female ? "F" : "M")},{bmi},{bp},{chol},{(smoker ? 1 : 0)},{region},{diagnosis}\n");
        }
        return csv.ToString();
    }

    private static string Diagnose(SplitMix64 rng, double age, double bmi, double bp, double chol, bool smoker)
    {
        var heart = 0.01 + 0.002 * Math.Max(0, age - 50) + (smoker ? 0.04 : 0) + 0.0004 * Math.Max(0, chol - 200);
        var diabetes = 0.03 + 0.012 * Math.Max(0, bmi - 27) + 0.001 * Math.Max(0, age - 40);
        var hypertension = bp >= 140 ? 0.75 : 0.05;
        var u = rng.NextDouble();
        if (u < heart) return "heart_disease";
        if (u < heart + diabetes) return "diabetes";
        if (u < heart + diabetes + hypertension) return "hypertension";
        return "healthy";
    }

    /// <summary>SplitMix64 (Steele, Lea &amp; Flood 2014): tiny, fast, fixed forever.</summary>
    private sealed class SplitMix64(ulong state)
    {
        public ulong Next()
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        public double NextGaussian()
        {
            var u1 = 1.0 - NextDouble();
            var u2 = NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }
}
