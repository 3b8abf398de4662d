using System.Globalization;
using PrivateEnv.DataFrame.Internal;

namespace PrivateEnv.DataFrame;

// Free private → private transformations. Every result keeps its rows aligned with the input
// (same row space) unless it drops rows, and carries bounds that provably contain its values.
public sealed partial class PrivateSeries
{
    // ---- arithmetic with scalars -------------------------------------------------------------

    public static PrivateSeries operator +(PrivateSeries s, double c) => s.Scalar("+", c, (x, k) => x + k, (lo, hi, k) => (lo + k, hi + k));
    public static PrivateSeries operator +(double c, PrivateSeries s) => s + c;
    public static PrivateSeries operator -(PrivateSeries s, double c) => s.Scalar("-", c, (x, k) => x - k, (lo, hi, k) => (lo - k, hi - k));
    public static PrivateSeries operator -(double c, PrivateSeries s) => s.Scalar("rsub", c, (x, k) => k - x, (lo, hi, k) => (k - hi, k - lo));
    public static PrivateSeries operator *(PrivateSeries s, double c) => s.Scalar("*", c, (x, k) => x * k, (lo, hi, k) => Hull(lo * k, hi * k));
    public static PrivateSeries operator *(double c, PrivateSeries s) => s * c;

    public static PrivateSeries operator /(PrivateSeries s, double c)
    {
        if (c == 0) throw new DivideByZeroException($"Cannot divide '{s.Name}' by 0.");
        return s.Scalar("/", c, (x, k) => x / k, (lo, hi, k) => Hull(lo / k, hi / k));
    }

    public static PrivateSeries operator /(double c, PrivateSeries s)
    {
        var (lo, hi) = s.Bounds("Division");
        if (lo <= 0 && hi >= 0)
            throw new InvalidOperationException($"Cannot divide by '{s.Name}': its bounds [{lo:G6}, {hi:G6}] include 0. Clip it away from 0 first, e.g. .Clip(1, {hi:G6}).");
        return s.Scalar("rdiv", c, (x, k) => k / x, (l, h, k) => Hull(k / l, k / h));
    }

    public static PrivateSeries operator -(PrivateSeries s) => s * -1.0;

    // ---- arithmetic between series of the same rows --------------------------------------------

    public static PrivateSeries operator +(PrivateSeries a, PrivateSeries b) =>
        a.Pair("+", b, (x, y) => x + y, (l1, h1, l2, h2) => (l1 + l2, h1 + h2));

    public static PrivateSeries operator -(PrivateSeries a, PrivateSeries b) =>
        a.Pair("-", b, (x, y) => x - y, (l1, h1, l2, h2) => (l1 - h2, h1 - l2));

    /// <summary>Product; bounds are the min and max of the four corner products.</summary>
    public static PrivateSeries operator *(PrivateSeries a, PrivateSeries b) =>
        a.Pair("*", b, (x, y) => x * y, (l1, h1, l2, h2) => Corners(l1 * l2, l1 * h2, h1 * l2, h1 * h2));

    /// <summary>Quotient; the divisor's bounds must exclude 0 (Clip it first), then corner quotients bound it.</summary>
    public static PrivateSeries operator /(PrivateSeries a, PrivateSeries b)
    {
        var (lo, hi) = b.Bounds("Division");
        if (lo <= 0 && hi >= 0)
            throw new InvalidOperationException($"Cannot divide by '{b.Name}': its bounds [{lo:G6}, {hi:G6}] include 0. Clip it away from 0 first.");
        return a.Pair("/", b, (x, y) => x / y, (l1, h1, l2, h2) => Corners(l1 / l2, l1 / h2, h1 / l2, h1 / h2));
    }

    // ---- comparisons (give boolean series; a missing value compares false) ----------------------

    public static PrivateSeries operator >(PrivateSeries s, double c) => s.Compare(">", c, (x, k) => x > k);
    public static PrivateSeries operator <(PrivateSeries s, double c) => s.Compare("<", c, (x, k) => x < k);
    public static PrivateSeries operator >=(PrivateSeries s, double c) => s.Compare(">=", c, (x, k) => x >= k);
    public static PrivateSeries operator <=(PrivateSeries s, double c) => s.Compare("<=", c, (x, k) => x <= k);

    public PrivateSeries Gt(double value) => this > value;
    public PrivateSeries Lt(double value) => this < value;
    public PrivateSeries Ge(double value) => this >= value;
    public PrivateSeries Le(double value) => this <= value;
    public PrivateSeries Eq(double value) => Compare("==", value, (x, k) => x == k);
    public PrivateSeries Ne(double value) => Compare("!=", value, (x, k) => !double.IsNaN(x) && x != k);

    /// <summary>True where the category/text equals <paramref name="value"/> (missing is false).</summary>
    public PrivateSeries Eq(string value) => MatchStrings($"Eq(\"{value}\")", v => v == value);

    /// <summary>True where the category/text is present and differs from <paramref name="value"/>.</summary>
    public PrivateSeries Ne(string value) => MatchStrings($"Ne(\"{value}\")", v => v is not null && v != value);

    /// <summary>True where the category/text is one of <paramref name="values"/>.</summary>
    public PrivateSeries IsIn(params string[] values)
    {
        var set = values.ToHashSet();
        return MatchStrings("IsIn", v => v is not null && set.Contains(v));
    }

    /// <summary>True where the number is one of <paramref name="values"/>.</summary>
    public PrivateSeries IsIn(params double[] values)
    {
        Bounds("IsIn");
        var set = values.ToHashSet();
        var x = ReadNumbers();
        return WithFlags(x.Select(v => set.Contains(v) ? 1.0 : 0.0).ToArray(), "IsIn");
    }

    /// <summary>True where the value is missing.</summary>
    public PrivateSeries IsNa() => WithFlags(Missing().Select(m => m ? 1.0 : 0.0).ToArray(), "IsNa()");

    /// <summary>True where the value is present.</summary>
    public PrivateSeries NotNa() => WithFlags(Missing().Select(m => m ? 0.0 : 1.0).ToArray(), "NotNa()");

    public static PrivateSeries operator &(PrivateSeries a, PrivateSeries b) => a.Logic("&", b, (x, y) => x == 1 && y == 1);
    public static PrivateSeries operator |(PrivateSeries a, PrivateSeries b) => a.Logic("|", b, (x, y) => x == 1 || y == 1);

    public static PrivateSeries operator !(PrivateSeries s)
    {
        s.RequireBoolean("Negation (!)");
        return s.WithFlags(s.ReadNumbers().Select(v => v == 1 ? 0.0 : 1.0).ToArray(), "Not");
    }

    // ---- element-wise functions ------------------------------------------------------------------

    /// <summary>Absolute value; bounds [0, max(|lo|, |hi|)] when they straddle 0.</summary>
    public PrivateSeries Abs()
    {
        var (lo, hi) = Bounds("Abs");
        var (newLo, newHi) = lo >= 0 ? (lo, hi) : hi <= 0 ? (-hi, -lo) : (0.0, Math.Max(-lo, hi));
        return WithNumbers(ReadNumbers().Select(Math.Abs).ToArray(), newLo, newHi, "Abs()");
    }

    /// <summary>Clamps values to [lower, upper]; the new bounds are the old ones clamped the same way (tighter).</summary>
    public PrivateSeries Clip(double lower, double upper)
    {
        var (lo, hi) = Bounds("Clip");
        if (double.IsNaN(lower) || double.IsNaN(upper) || lower > upper)
            throw new ArgumentException($"Clip needs lower ≤ upper, got [{lower}, {upper}].");
        return WithNumbers(ReadNumbers(), Math.Clamp(lo, lower, upper), Math.Clamp(hi, lower, upper), $"Clip({lower:G6}, {upper:G6})");
    }

    /// <summary>Rounds to <paramref name="digits"/> decimals; rounding is monotone, so rounded bounds hold.</summary>
    public PrivateSeries Round(int digits = 0)
    {
        var (lo, hi) = Bounds("Round");
        return WithNumbers(ReadNumbers().Select(v => Math.Round(v, digits)).ToArray(), Math.Round(lo, digits), Math.Round(hi, digits), $"Round({digits})");
    }

    /// <summary>
    /// Applies <paramref name="function"/> to each present value and clamps its output to the
    /// declared [lower, upper], which become the new bounds. The function must be pure: the sandbox
    /// verifies it with the cell. Where it returns NaN or throws, the result is missing: an exception
    /// is swallowed, because whether (and what) it threw depends on a private value.
    /// </summary>
    public PrivateSeries Map(Func<double, double> function, double lower, double upper)
    {
        ArgumentNullException.ThrowIfNull(function);
        Bounds("Map");
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || lower > upper)
            throw new ArgumentException($"Map needs finite output bounds with lower ≤ upper, got [{lower}, {upper}].");
        var x = ReadNumbers();
        for (var i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i])) continue;
            double y;
            try { y = function(x[i]); }
            catch (Exception) { y = double.NaN; } // surfacing it would reveal data-dependent behaviour
            x[i] = double.IsNaN(y) ? double.NaN : Math.Clamp(y, lower, upper);
        }
        return WithNumbers(x, lower, upper, "Map()");
    }

    /// <summary>Same as <see cref="Map"/>.</summary>
    public PrivateSeries Apply(Func<double, double> function, double lower, double upper) => Map(function, lower, upper);

    /// <summary>Replaces missing numbers by <paramref name="value"/>; the bounds widen to include it.</summary>
    public PrivateSeries FillNa(double value)
    {
        var (lo, hi) = Bounds("FillNa");
        if (!double.IsFinite(value)) throw new ArgumentException($"FillNa needs a finite value, got {value}.");
        var x = ReadNumbers();
        for (var i = 0; i < x.Length; i++) if (double.IsNaN(x[i])) x[i] = value;
        if (Kind == ColumnKind.Boolean && value is 0 or 1)
            return new PrivateSeries(ColumnData.BuildNumeric(Name, x), Metadata, Rows, $"{Label}.FillNa()");
        return WithNumbers(x, Math.Min(lo, value), Math.Max(hi, value), "FillNa()");
    }

    /// <summary>Replaces missing categories/text by <paramref name="value"/> (added to the categories if new).</summary>
    public PrivateSeries FillNa(string value)
    {
        RequireStrings("FillNa(string)");
        ArgumentNullException.ThrowIfNull(value);
        var categories = Kind == ColumnKind.Categorical && !Categories.Contains(value) ? [.. Categories, value] : Categories;
        return WithStrings(ReadStrings().Select(v => v ?? value).ToArray(), Kind, categories, "FillNa()");
    }

    /// <summary>Drops missing values. The result has its own rows: combine it only with series derived from it.</summary>
    public PrivateSeries DropNa()
    {
        var rows = Rows.Derive();
        var kept = IsNumberLike
            ? (Microsoft.Data.Analysis.DataFrameColumn)ColumnData.BuildNumeric(column.Name, ReadNumbers().Where(v => !double.IsNaN(v)).ToArray())
            : ColumnData.BuildStrings(column.Name, ReadStrings().Where(v => v is not null).ToArray());
        return new PrivateSeries(kept, Metadata, rows, $"{Label}.DropNa()");
    }

    /// <summary>
    /// Converts the kind: boolean ↔ numeric; numeric → boolean (non-zero is true); categorical →
    /// numeric when every declared category is a number (bounds = their min and max); anything → text.
    /// </summary>
    public PrivateSeries AsType(ColumnKind kind)
    {
        if (kind == Kind) return this;
        switch (Kind, kind)
        {
            case (ColumnKind.Boolean, ColumnKind.Numeric):
                return WithNumbers(ReadNumbers(), 0, 1, "AsType(numeric)");
            case (ColumnKind.Numeric, ColumnKind.Boolean):
                var x = ReadNumbers();
                for (var i = 0; i < x.Length; i++) if (!double.IsNaN(x[i])) x[i] = x[i] != 0 ? 1 : 0;
                return new PrivateSeries(ColumnData.BuildNumeric(Name, x), new ColumnMetadata(Name, ColumnKind.Boolean, 0, 1), Rows, $"{Label}.AsType(boolean)");
            case (ColumnKind.Categorical, ColumnKind.Numeric):
                var parsed = Categories.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToList();
                if (parsed.Any(double.IsNaN))
                    throw new InvalidOperationException($"AsType(numeric): not every declared category of '{Name}' is a number; use OneHot() or Map categories instead.");
                var values = ReadStrings().Select(s => s is null ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
                return WithNumbers(values, parsed.Min(), parsed.Max(), "AsType(numeric)");
            case (_, ColumnKind.Text):
                var text = IsNumberLike
                    ? ReadNumbers().Select(v => double.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture)).ToArray()
                    : ReadStrings();
                return WithStrings(text, ColumnKind.Text, null, "AsType(text)");
            default:
                throw new InvalidOperationException($"AsType cannot turn {KindName(Kind)} '{Name}' into {KindName(kind)}: supported are boolean↔numeric, categorical→numeric (numeric categories) and any→text.");
        }
    }

    /// <summary>The same values under another name.</summary>
    public PrivateSeries Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Rename needs a non-empty name.");
        return new PrivateSeries(column, Metadata with { Name = name }, Rows, $"{Label}.Rename(\"{name}\")");
    }

    /// <summary>Keeps values where <paramref name="condition"/> is true, else <paramref name="other"/>; bounds widen to include it.</summary>
    public PrivateSeries Where(PrivateSeries condition, double other)
    {
        var (lo, hi) = Bounds("Where");
        var keep = ConditionFlags(condition, "Where");
        if (!double.IsFinite(other)) throw new ArgumentException($"Where needs a finite replacement, got {other}.");
        var x = ReadNumbers();
        for (var i = 0; i < x.Length; i++) if (keep[i] != 1) x[i] = other;
        return WithNumbers(x, Math.Min(lo, other), Math.Max(hi, other), "Where()");
    }

    /// <summary>Keeps categories where <paramref name="condition"/> is true, else <paramref name="other"/> (added to the categories if new).</summary>
    public PrivateSeries Where(PrivateSeries condition, string other)
    {
        RequireStrings("Where(string)");
        var keep = ConditionFlags(condition, "Where");
        var s = ReadStrings();
        for (var i = 0; i < s.Length; i++) if (keep[i] != 1) s[i] = other;
        var categories = Kind == ColumnKind.Categorical && !Categories.Contains(other) ? [.. Categories, other] : Categories;
        return WithStrings(s, Kind, categories, "Where()");
    }

    /// <summary>One boolean column per declared category, named "{name}_{category}" (missing → all false).</summary>
    public PrivateDataFrame OneHot()
    {
        if (Kind != ColumnKind.Categorical)
            throw new InvalidOperationException($"OneHot needs a categorical series; '{Name}' is {KindName(Kind)}.");
        var values = ReadStrings();
        var columns = new List<PrivateSeries>();
        foreach (var category in Categories)
        {
            var flags = values.Select(v => v == category ? 1.0 : 0.0).ToArray();
            columns.Add(WithFlags(flags, $"OneHot()").Rename($"{Name}_{category}"));
        }
        return PrivateDataFrame.FromSeries(Label, columns);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private PrivateSeries Scalar(string op, double c, Func<double, double, double> apply, Func<double, double, double, (double, double)> bounds)
    {
        var (lo, hi) = Bounds($"Arithmetic ({op})");
        if (!double.IsFinite(c)) throw new ArgumentException($"Arithmetic ({op}) needs a finite scalar, got {c}.");
        var x = ReadNumbers();
        for (var i = 0; i < x.Length; i++) x[i] = apply(x[i], c);
        var (newLo, newHi) = bounds(lo, hi, c);
        return WithNumbers(x, newLo, newHi, $"({op} {c.ToString("G6", CultureInfo.InvariantCulture)})");
    }

    private PrivateSeries Pair(string op, PrivateSeries other, Func<double, double, double> apply, Func<double, double, double, double, (double, double)> bounds)
    {
        var (l1, h1) = Bounds($"Arithmetic ({op})");
        var (l2, h2) = other.Bounds($"Arithmetic ({op})");
        Rows.RequireSame(other.Rows, $"'{Name}' {op} '{other.Name}'");
        var x = ReadNumbers();
        var y = other.ReadNumbers();
        for (var i = 0; i < x.Length; i++) x[i] = apply(x[i], y[i]);
        var (lo, hi) = bounds(l1, h1, l2, h2);
        return WithNumbers(x, lo, hi, $"({op} {other.Name})");
    }

    private PrivateSeries Compare(string op, double c, Func<double, double, bool> test)
    {
        Bounds($"Comparison ({op})");
        var x = ReadNumbers();
        var flags = new double[x.Length];
        for (var i = 0; i < x.Length; i++) flags[i] = !double.IsNaN(x[i]) && test(x[i], c) ? 1 : 0;
        return WithFlags(flags, $"({op} {c.ToString("G6", CultureInfo.InvariantCulture)})");
    }

    private PrivateSeries MatchStrings(string operation, Func<string?, bool> test)
    {
        RequireStrings(operation);
        return WithFlags(ReadStrings().Select(v => test(v) ? 1.0 : 0.0).ToArray(), operation);
    }

    private PrivateSeries Logic(string op, PrivateSeries other, Func<double, double, bool> test)
    {
        RequireBoolean($"Logic ({op})");
        other.RequireBoolean($"Logic ({op})");
        Rows.RequireSame(other.Rows, $"'{Name}' {op} '{other.Name}'");
        var x = ReadNumbers();
        var y = other.ReadNumbers();
        return WithFlags(x.Select((v, i) => test(v, y[i]) ? 1.0 : 0.0).ToArray(), $"({op} {other.Name})");
    }

    internal double[] ConditionFlags(PrivateSeries condition, string operation)
    {
        condition.RequireBoolean(operation);
        Rows.RequireSame(condition.Rows, operation);
        return condition.ReadNumbers();
    }

    internal bool[] Missing()
    {
        if (IsNumberLike) return ReadNumbers().Select(double.IsNaN).ToArray();
        return ReadStrings().Select(v => v is null).ToArray();
    }

    private static (double, double) Hull(double a, double b) => (Math.Min(a, b), Math.Max(a, b));

    private static (double, double) Corners(double a, double b, double c, double d) =>
        (Math.Min(Math.Min(a, b), Math.Min(c, d)), Math.Max(Math.Max(a, b), Math.Max(c, d)));
}
