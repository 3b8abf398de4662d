using System.Globalization;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.DataFrame.Internal;

namespace PrivateEnv.DataFrame;

// Free private → private transformations. Each works element-wise over every slot of the row space (the same
// work whatever the mask), keeps slots aligned, and carries bounds that provably contain its values.
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
    public PrivateSeries Eq(string value) => MatchStrings($"Eq(\"{value}\")", [value], negate: false);

    /// <summary>True where the category/text is present and differs from <paramref name="value"/>.</summary>
    public PrivateSeries Ne(string value) => MatchStrings($"Ne(\"{value}\")", [value], negate: true);

    /// <summary>True where the category/text is one of <paramref name="values"/>.</summary>
    public PrivateSeries IsIn(params string[] values) => MatchStrings("IsIn", values ?? [], negate: false);

    /// <summary>True where the number is one of <paramref name="values"/>.</summary>
    public PrivateSeries IsIn(params double[] values)
    {
        Bounds("IsIn");
        var keys = new PublicKeys((values ?? []).Select(v => (v, 0)));
        var x = Numbers;
        var flags = new double[x.Length];
        for (var i = 0; i < x.Length; i++) flags[i] = keys.Find(x[i]) == 0 ? 1 : 0;
        return WithFlags(flags, "IsIn");
    }

    /// <summary>True where the value is missing.</summary>
    public PrivateSeries IsNa() => WithFlags(Values.Present().Select(p => p == 0 ? 1.0 : 0.0).ToArray(), "IsNa()");

    /// <summary>True where the value is present.</summary>
    public PrivateSeries NotNa() => WithFlags(Values.Present().Select(p => (double)p).ToArray(), "NotNa()");

    public static PrivateSeries operator &(PrivateSeries a, PrivateSeries b) => a.Logic("&", b, (x, y) => x == 1 && y == 1);
    public static PrivateSeries operator |(PrivateSeries a, PrivateSeries b) => a.Logic("|", b, (x, y) => x == 1 || y == 1);

    public static PrivateSeries operator !(PrivateSeries s)
    {
        s.RequireBoolean("Negation (!)");
        var x = s.Numbers;
        var flags = new double[x.Length];
        for (var i = 0; i < x.Length; i++) flags[i] = x[i] == 1 ? 0 : 1;
        return s.WithFlags(flags, "Not");
    }

    // ---- element-wise functions ------------------------------------------------------------------

    /// <summary>Absolute value; bounds [0, max(|lo|, |hi|)] when they straddle 0.</summary>
    public PrivateSeries Abs()
    {
        var (lo, hi) = Bounds("Abs");
        var (newLo, newHi) = lo >= 0 ? (lo, hi) : hi <= 0 ? (-hi, -lo) : (0.0, Math.Max(-lo, hi));
        return WithNumbers(Numbers.Select(Math.Abs).ToArray(), newLo, newHi, "Abs()");
    }

    /// <summary>Clamps values to [lower, upper]; the new bounds are the old ones clamped the same way (tighter).</summary>
    public PrivateSeries Clip(double lower, double upper)
    {
        var (lo, hi) = Bounds("Clip");
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || lower > upper)
            throw new ArgumentException($"Clip needs finite bounds with lower ≤ upper, got [{lower}, {upper}].");
        return WithNumbers((double[])Numbers.Clone(), Math.Clamp(lo, lower, upper), Math.Clamp(hi, lower, upper), $"Clip({lower:G6}, {upper:G6})");
    }

    /// <summary>Rounds to <paramref name="digits"/> decimals (0 to 15); rounding is monotone, so rounded bounds hold.</summary>
    public PrivateSeries Round(int digits = 0)
    {
        var (lo, hi) = Bounds("Round");
        if (digits is < 0 or > 15) throw new ArgumentOutOfRangeException(nameof(digits), $"Round takes 0 to 15 digits, got {digits}.");
        return WithNumbers(Numbers.Select(v => Math.Round(v, digits)).ToArray(), Math.Round(lo, digits), Math.Round(hi, digits), $"Round({digits})");
    }

    /// <summary>
    /// Applies <paramref name="function"/> to every value and clamps its output to the declared [lower, upper],
    /// which become the new bounds; where it returns NaN the result is missing. The function must be plain
    /// arithmetic on its argument: the sandbox verifies that it reads no state, calls only non-throwing Math
    /// functions, and cannot throw, loop or allocate, so neither its result nor its running time can carry a
    /// value out. It is called once for every slot of the row space, missing values included (with NaN), so the
    /// number of calls is public. Should it throw anyway, that slot becomes missing.
    /// </summary>
    public PrivateSeries Map(Func<double, double> function, double lower, double upper)
    {
        ArgumentNullException.ThrowIfNull(function);
        Bounds("Map");
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || lower > upper)
            throw new ArgumentException($"Map needs finite output bounds with lower ≤ upper, got [{lower}, {upper}].");
        var x = Numbers;
        var result = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            double y;
            try { y = function(x[i]); }
            catch (Exception) { y = double.NaN; } // unreachable for verified cells; surfacing it would reveal a value
            result[i] = double.IsNaN(x[i]) ? double.NaN : y;
        }
        return WithNumbers(result, lower, upper, "Map()");
    }

    /// <summary>Same as <see cref="Map"/>.</summary>
    public PrivateSeries Apply(Func<double, double> function, double lower, double upper) => Map(function, lower, upper);

    /// <summary>Replaces missing numbers by <paramref name="value"/>; the bounds widen to include it.</summary>
    public PrivateSeries FillNa(double value)
    {
        var (lo, hi) = Bounds("FillNa");
        if (!double.IsFinite(value)) throw new ArgumentException($"FillNa needs a finite value, got {value}.");
        var x = Numbers.Select(v => double.IsNaN(v) ? value : v).ToArray();
        if (Kind == ColumnKind.Boolean && value is 0 or 1)
            return new PrivateSeries(Rows, Mask, Metadata, new NumericValues(x), Then("FillNa()"));
        return WithNumbers(x, Math.Min(lo, value), Math.Max(hi, value), "FillNa()");
    }

    /// <summary>Replaces missing categories/text by <paramref name="value"/> (added to the categories if new).</summary>
    public PrivateSeries FillNa(string value)
    {
        RequireStrings("FillNa(string)");
        ArgumentNullException.ThrowIfNull(value);
        if (Kind == ColumnKind.Text)
        {
            var (vocabulary, filler) = Text.Vocabulary.With(value);
            return WithText(vocabulary, Text.Codes.Select(c => c < 0 ? filler : c).ToArray(), "FillNa()");
        }
        var (categories, code) = WithCategory(value);
        return WithCodes(Codes.Select(c => c < 0 ? code : c).ToArray(), categories, "FillNa()");
    }

    /// <summary>Leaves out the missing values (their slots leave the series' mask).</summary>
    public PrivateSeries DropNa() => WithMask(Mask.And(Values.Present()), "DropNa()");

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
                return WithNumbers((double[])Numbers.Clone(), 0, 1, "AsType(numeric)");
            case (ColumnKind.Numeric, ColumnKind.Boolean):
                var flags = Numbers.Select(v => double.IsNaN(v) ? double.NaN : v != 0 ? 1.0 : 0.0).ToArray();
                return new PrivateSeries(Rows, Mask, new ColumnMetadata(Name, ColumnKind.Boolean, 0, 1), new NumericValues(flags), Then("AsType(boolean)"));
            case (ColumnKind.Categorical, ColumnKind.Numeric):
                // The categories are public: parse them once; each slot only looks its code up.
                var parsed = Categories.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : double.NaN).ToArray();
                if (parsed.Any(double.IsNaN))
                    throw new InvalidOperationException($"AsType(numeric): not every declared category of '{Name}' is a finite number; use OneHot() or Map categories instead.");
                var values = Codes.Select(c => c < 0 ? double.NaN : parsed[c]).ToArray();
                return WithNumbers(values, parsed.Min(), parsed.Max(), "AsType(numeric)");
            case (ColumnKind.Categorical, ColumnKind.Text):
                // The categories are public and distinct: they are the vocabulary, and the codes stay.
                return WithText(TextVocabulary.OfPublic(Categories), (int[])Codes.Clone(), "AsType(text)");
            default:
                throw new InvalidOperationException($"AsType cannot turn {KindName(Kind)} '{Name}' into {KindName(kind)}: supported are boolean↔numeric, categorical→numeric (numeric categories) and categorical→text. " +
                    "Numbers stay numbers: compare them with Eq/Gt/IsIn or join on them directly (formatting private numbers as text would take value-dependent time).");
        }
    }

    /// <summary>The same values under another name.</summary>
    public PrivateSeries Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Rename needs a non-empty name.");
        if (name.Length > 128) throw new ArgumentException($"Column names have at most 128 characters, got {name.Length}.");
        return new PrivateSeries(Rows, Mask, Metadata.Renamed(name), Values, Then($"Rename(\"{name}\")"));
    }

    /// <summary>Keeps values where <paramref name="condition"/> is true, else <paramref name="other"/>; bounds widen to include it.</summary>
    public PrivateSeries Where(PrivateSeries condition, double other)
    {
        var (lo, hi) = Bounds("Where");
        if (!double.IsFinite(other)) throw new ArgumentException($"Where needs a finite replacement, got {other}.");
        var (keep, mask) = ConditionFlags(condition, "Where");
        var x = Numbers;
        var result = new double[x.Length];
        for (var i = 0; i < x.Length; i++) result[i] = keep[i] == 1 ? x[i] : other;
        return WithNumbers(result, Math.Min(lo, other), Math.Max(hi, other), "Where()", mask: mask);
    }

    /// <summary>Keeps categories where <paramref name="condition"/> is true, else <paramref name="other"/> (added to the categories if new).</summary>
    public PrivateSeries Where(PrivateSeries condition, string other)
    {
        RequireStrings("Where(string)");
        ArgumentNullException.ThrowIfNull(other);
        var (keep, mask) = ConditionFlags(condition, "Where");
        if (Kind == ColumnKind.Text)
        {
            var (vocabulary, replacement) = Text.Vocabulary.With(other);
            return WithText(vocabulary, Text.Codes.Select((c, i) => keep[i] == 1 ? c : replacement).ToArray(), "Where()").WithMask(mask, "");
        }
        var (categories, code) = WithCategory(other);
        var codes = Codes.Select((c, i) => keep[i] == 1 ? c : code).ToArray();
        return new PrivateSeries(Rows, mask, new ColumnMetadata(Name, ColumnKind.Categorical, Categories: categories), new CategoryValues(codes), Then("Where()"));
    }

    /// <summary>One boolean column per declared category, named "{name}_{category}" (missing → all false).</summary>
    public PrivateDataFrame OneHot()
    {
        if (Kind != ColumnKind.Categorical)
            throw new InvalidOperationException($"OneHot needs a categorical series; '{Name}' is {KindName(Kind)}.");
        var codes = Codes;
        var columns = new List<PrivateSeries>();
        for (var k = 0; k < Categories.Count; k++)
        {
            var flags = new double[codes.Length];
            for (var i = 0; i < codes.Length; i++) flags[i] = codes[i] == k ? 1 : 0;
            columns.Add(WithFlags(flags, "OneHot()").Rename($"{Name}_{Categories[k]}"));
        }
        return PrivateDataFrame.FromSeries(Label, columns);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private PrivateSeries Scalar(string op, double c, Func<double, double, double> apply, Func<double, double, double, (double, double)> bounds)
    {
        var (lo, hi) = Bounds($"Arithmetic ({op})");
        if (!double.IsFinite(c)) throw new ArgumentException($"Arithmetic ({op}) needs a finite scalar, got {c}.");
        var x = Numbers;
        var result = new double[x.Length];
        for (var i = 0; i < x.Length; i++) result[i] = apply(x[i], c);
        var (newLo, newHi) = bounds(lo, hi, c);
        return WithNumbers(result, newLo, newHi, $"({op} {c.ToString("G6", CultureInfo.InvariantCulture)})");
    }

    private PrivateSeries Pair(string op, PrivateSeries other, Func<double, double, double> apply, Func<double, double, double, double, (double, double)> bounds)
    {
        var (l1, h1) = Bounds($"Arithmetic ({op})");
        var (l2, h2) = other.Bounds($"Arithmetic ({op})");
        var mask = JointMask(other, $"'{Name}' {op} '{other.Name}'");
        var x = Numbers;
        var y = other.Numbers;
        var result = new double[x.Length];
        for (var i = 0; i < x.Length; i++) result[i] = apply(x[i], y[i]);
        var (lo, hi) = bounds(l1, h1, l2, h2);
        return WithNumbers(result, lo, hi, $"({op} {other.Name})", mask: mask);
    }

    private PrivateSeries Compare(string op, double c, Func<double, double, bool> test)
    {
        Bounds($"Comparison ({op})");
        var x = Numbers;
        var flags = new double[x.Length];
        for (var i = 0; i < x.Length; i++) flags[i] = !double.IsNaN(x[i]) && test(x[i], c) ? 1 : 0;
        return WithFlags(flags, $"({op} {c.ToString("G6", CultureInfo.InvariantCulture)})");
    }

    /// <summary>
    /// Category matches compare codes against codes found from the public category list; text matches compare codes
    /// against the codes of the public strings in the column's vocabulary (no private string is read).
    /// </summary>
    private PrivateSeries MatchStrings(string operation, IReadOnlyCollection<string> values, bool negate)
    {
        RequireStrings(operation);
        double[] flags;
        if (Kind == ColumnKind.Categorical)
        {
            var wanted = new byte[Categories.Count];
            for (var k = 0; k < wanted.Length; k++) wanted[k] = (byte)(values.Contains(Categories[k]) ? 1 : 0);
            var codes = Codes;
            flags = new double[codes.Length];
            for (var i = 0; i < codes.Length; i++)
            {
                var hit = codes[i] >= 0 ? wanted[codes[i]] : 0;
                flags[i] = codes[i] < 0 ? 0 : negate ? 1 - hit : hit;
            }
        }
        else
        {
            var wanted = values.Distinct(StringComparer.Ordinal).SelectMany(Text.Vocabulary.CodeInEachSegment).ToArray();
            var hits = Text.Matches(wanted);
            var codes = Text.Codes;
            flags = new double[codes.Length];
            for (var i = 0; i < codes.Length; i++)
                flags[i] = codes[i] < 0 ? 0 : negate ? 1 - hits[i] : hits[i];
        }
        return WithFlags(flags, operation);
    }

    private PrivateSeries Logic(string op, PrivateSeries other, Func<double, double, bool> test)
    {
        RequireBoolean($"Logic ({op})");
        other.RequireBoolean($"Logic ({op})");
        var mask = JointMask(other, $"'{Name}' {op} '{other.Name}'");
        var x = Numbers;
        var y = other.Numbers;
        var flags = new double[x.Length];
        for (var i = 0; i < x.Length; i++) flags[i] = test(x[i], y[i]) ? 1 : 0;
        return WithFlags(flags, $"({op} {other.Name})", mask);
    }

    /// <summary>The condition's 0/1 flags per slot (missing counts as false) and the joint mask.</summary>
    internal (byte[] Keep, RowMask Mask) ConditionFlags(PrivateSeries condition, string operation)
    {
        ArgumentNullException.ThrowIfNull(condition);
        condition.RequireBoolean(operation);
        var mask = JointMask(condition, operation);
        var x = condition.Numbers;
        var keep = new byte[x.Length];
        for (var i = 0; i < keep.Length; i++) keep[i] = (byte)(x[i] == 1 ? 1 : 0);
        return (keep, mask);
    }

    private (IReadOnlyList<string> Categories, int Code) WithCategory(string value)
    {
        var index = Categories.ToList().IndexOf(value);
        return index >= 0 ? (Categories, index) : ([.. Categories, value], Categories.Count);
    }

    private static (double, double) Hull(double a, double b) => (Math.Min(a, b), Math.Max(a, b));

    private static (double, double) Corners(double a, double b, double c, double d) =>
        (Math.Min(Math.Min(a, b), Math.Min(c, d)), Math.Max(Math.Max(a, b), Math.Max(c, d)));
}
