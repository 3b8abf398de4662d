using System.Globalization;
using PrivateEnv.DataFrame.Internal;
using PrivateEnv.Privacy;
using Mda = Microsoft.Data.Analysis;

namespace PrivateEnv.DataFrame;

// Free private → private frame operations.
public sealed partial class PrivateDataFrame
{
    /// <summary>These columns, in this order.</summary>
    public PrivateDataFrame Select(params string[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("Select needs at least one column name.");
        return Rebuild(columns.Select(c => this[c]).ToList());
    }

    /// <summary>All columns but these.</summary>
    public PrivateDataFrame Drop(params string[] columns)
    {
        foreach (var c in columns) _ = this[c];
        return Rebuild(AllSeries().Where(s => !columns.Contains(s.Name)).ToList());
    }

    /// <summary>The rows where <paramref name="mask"/> (a boolean series of this frame, e.g. df["age"] > 30) is true.</summary>
    public PrivateDataFrame Where(PrivateSeries mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        mask.RequireBoolean("Filtering");
        Rows.RequireSame(mask.Rows, "Filtering");
        return Filter(mask.ReadNumbers(), "Where");
    }

    /// <summary>Adds (or replaces) column <paramref name="name"/> with a series of this frame's rows.</summary>
    public PrivateDataFrame Assign(string name, PrivateSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        Rows.RequireSame(series.Rows, $"Assign(\"{name}\")");
        var renamed = series.Rename(name);
        var list = AllSeries().ToList();
        var at = list.FindIndex(s => s.Name == name);
        if (at >= 0) list[at] = renamed; else list.Add(renamed);
        return Rebuild(list);
    }

    /// <summary>Renames a column.</summary>
    public PrivateDataFrame Rename(string column, string newName)
    {
        _ = this[column];
        if (column != newName && Columns.Contains(newName)) throw new ArgumentException($"There is already a column '{newName}'.");
        return Rebuild(AllSeries().Select(s => s.Name == column ? s.Rename(newName) : s).ToList());
    }

    /// <summary>Drops rows missing a value in any of <paramref name="columns"/> (all columns when none are given).</summary>
    public PrivateDataFrame DropNa(params string[] columns)
    {
        var checkedColumns = columns.Length == 0 ? AllSeries() : columns.Select(c => this[c]).ToList();
        var keep = Enumerable.Repeat(1.0, (int)Frame.Rows.Count).ToArray();
        foreach (var series in checkedColumns)
        {
            var missing = series.Missing();
            for (var i = 0; i < keep.Length; i++) if (missing[i]) keep[i] = 0;
        }
        return Filter(keep, "DropNa");
    }

    /// <summary>Replaces each categorical column named by one boolean column per declared category ("{col}_{category}").</summary>
    public PrivateDataFrame OneHotEncode(params string[] columns)
    {
        var targets = columns.Length == 0 ? Metadata.Columns.Where(c => c.Kind == ColumnKind.Categorical).Select(c => c.Name).ToArray() : columns;
        var list = new List<PrivateSeries>();
        foreach (var series in AllSeries())
        {
            if (targets.Contains(series.Name)) list.AddRange(series.OneHot().AllSeries());
            else list.Add(series);
        }
        foreach (var t in targets) _ = this[t];
        return Rebuild(list);
    }

    /// <summary>Puts the columns of <paramref name="other"/> (a frame of the same rows) next to these.</summary>
    public PrivateDataFrame Join(PrivateDataFrame other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Rows.RequireSame(other.Rows, "Join of private frames");
        return Rebuild([.. AllSeries(), .. other.AllSeries()]);
    }

    /// <summary>
    /// Left join with a public lookup table on <paramref name="on"/>: each private row gets the
    /// table row whose key equals its value (missing when none). The table's keys must be unique, so
    /// rows stay one-to-one and no budget changes. New numeric columns get the table's min/max as
    /// bounds, text columns become categorical with the table's values as categories.
    /// </summary>
    public PrivateDataFrame Join(PublicTable table, string on)
    {
        ArgumentNullException.ThrowIfNull(table);
        var key = this[on];
        if (!table.HasColumn(on)) throw new ArgumentException($"The public table has no key column '{on}' (its columns: {string.Join(", ", table.ColumnNames)}).");
        var tableKeys = table.Texts(on);
        var lookup = new Dictionary<string, int>();
        for (var i = 0; i < tableKeys.Length; i++)
            if (tableKeys[i] is { } k && !lookup.TryAdd(k, i))
                throw new ArgumentException($"The public table's key column '{on}' has the key '{k}' twice; a lookup join needs unique keys.");
        var privateKeys = key.IsNumberLike
            ? key.ReadNumbers().Select(v => double.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture)).ToArray()
            : key.ReadStrings();
        var match = privateKeys.Select(k => k is not null && lookup.TryGetValue(k, out var row) ? row : -1).ToArray();
        var list = AllSeries().ToList();
        foreach (var name in table.ColumnNames.Where(n => n != on))
        {
            if (Columns.Contains(name)) throw new ArgumentException($"Both frames have a column '{name}'; Rename one before joining.");
            if (table.TryGetNumbers(name, out var numbers))
            {
                var present = numbers.Where(v => v.HasValue).Select(v => v!.Value).ToList();
                var values = match.Select(m => m >= 0 && numbers[m] is { } v ? v : double.NaN).ToArray();
                list.Add(key.WithNumbers(values, present.Count > 0 ? present.Min() : 0, present.Count > 0 ? present.Max() : 0, "Join", name));
            }
            else
            {
                var texts = table.RawTexts(name);
                var categories = texts.Where(t => t is not null).Select(t => t!).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
                list.Add(key.WithStrings(match.Select(m => m >= 0 ? texts[m] : null).ToArray(), ColumnKind.Categorical, categories, "Join", name));
            }
        }
        return Rebuild(list);
    }

    /// <summary>
    /// Stacks frames of one session with the same columns and kinds. Bounds and categories are
    /// united. One individual may now be in several rows, so the result's MaxRowsPerIndividual is the
    /// sum of the inputs' and DP statistics on it pay for that.
    /// </summary>
    public static PrivateDataFrame Concat(params PrivateDataFrame[] frames)
    {
        if (frames.Length == 0) throw new ArgumentException("Concat needs at least one frame.");
        var first = frames[0];
        foreach (var f in frames)
        {
            if (!ReferenceEquals(f.Charger, first.Charger)) throw new InvalidOperationException("Concat needs frames of the same session.");
            if (!f.Columns.SequenceEqual(first.Columns))
                throw new ArgumentException($"Concat needs the same columns in the same order: '{first.Name}' has {string.Join(", ", first.Columns)}; '{f.Name}' has {string.Join(", ", f.Columns)}.");
        }
        var columns = new List<Mda.DataFrameColumn>();
        var metas = new List<ColumnMetadata>();
        foreach (var name in first.Columns)
        {
            var parts = frames.Select(f => f[name]).ToList();
            var kind = parts[0].Kind;
            if (parts.Any(p => p.Kind != kind)) throw new ArgumentException($"Column '{name}' has different kinds in the frames; use AsType first.");
            if (parts[0].IsNumberLike)
            {
                var values = parts.SelectMany(p => p.ReadNumbers()).ToArray();
                metas.Add(new ColumnMetadata(name, kind, parts.Min(p => p.Lower), parts.Max(p => p.Upper)));
                columns.Add(ColumnData.BuildNumeric(name, values));
            }
            else
            {
                var categories = kind == ColumnKind.Categorical ? parts.SelectMany(p => p.Categories).Distinct().ToList() : null;
                metas.Add(new ColumnMetadata(name, kind, Categories: categories));
                columns.Add(ColumnData.BuildStrings(name, parts.SelectMany(p => p.ReadStrings()).ToArray()));
            }
        }
        var rows = new RowSpace(first.Charger, frames.Sum(f => f.Rows.Stability));
        return new PrivateDataFrame(new Mda.DataFrame(columns), new DatasetMetadata(first.Metadata.Description, metas), rows,
            $"Concat({string.Join(", ", frames.Select(f => f.Name))})");
    }

    /// <summary>
    /// Splits the rows at random (secure generator): each row goes to Test independently with
    /// probability <paramref name="testFraction"/>, else to Train. Both parts stay private; an
    /// individual is in only one of them.
    /// </summary>
    public (PrivateDataFrame Train, PrivateDataFrame Test) TrainTestSplit(double testFraction = 0.25)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), $"testFraction must be in (0, 1), got {testFraction}.");
        var test = BernoulliMask(testFraction);
        var train = test.Select(v => 1 - v).ToArray();
        return (Filter(train, "Train"), Filter(test, "Test"));
    }

    /// <summary>
    /// A Poisson sample: each row kept independently with probability <paramref name="fraction"/>
    /// (secure generator). Fixed-size sampling is not offered: under add/remove it can swap a row,
    /// which would double the sensitivity.
    /// </summary>
    public PrivateDataFrame Sample(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), $"fraction must be in (0, 1], got {fraction}.");
        return Filter(BernoulliMask(fraction), $"Sample({fraction:G4})");
    }

    /// <summary>
    /// Splits the rows into <paramref name="groups"/> disjoint frames by code (−1: in none), reading
    /// each column once. Each part has its own row space.
    /// </summary>
    internal PrivateDataFrame[] Partition(int[] codes, int groups)
    {
        var sizes = new int[groups];
        foreach (var code in codes) if (code >= 0) sizes[code]++;
        var parts = new List<Mda.DataFrameColumn>[groups];
        for (var g = 0; g < groups; g++) parts[g] = [];
        foreach (var column in Frame.Columns)
        {
            if (column is Mda.PrimitiveDataFrameColumn<double>)
            {
                var values = ColumnData.ReadNumeric(column);
                var split = sizes.Select(size => new double[size]).ToArray();
                var fill = new int[groups];
                for (var i = 0; i < codes.Length; i++) if (codes[i] >= 0) split[codes[i]][fill[codes[i]]++] = values[i];
                for (var g = 0; g < groups; g++) parts[g].Add(ColumnData.BuildNumeric(column.Name, split[g]));
            }
            else
            {
                var values = ColumnData.ReadStrings(column);
                var split = sizes.Select(size => new string?[size]).ToArray();
                var fill = new int[groups];
                for (var i = 0; i < codes.Length; i++) if (codes[i] >= 0) split[codes[i]][fill[codes[i]]++] = values[i];
                for (var g = 0; g < groups; g++) parts[g].Add(ColumnData.BuildStrings(column.Name, split[g]));
            }
        }
        return parts.Select((columns, g) => new PrivateDataFrame(new Mda.DataFrame(columns), Metadata, Rows.Derive(), $"{Name}.group{g}")).ToArray();
    }

    private double[] BernoulliMask(double probability)
    {
        var mask = new double[Frame.Rows.Count];
        for (var i = 0; i < mask.Length; i++) mask[i] = SecureRandom.NextOpenUnitDouble() < probability ? 1 : 0;
        return mask;
    }

    private PrivateDataFrame Filter(double[] keep, string operation)
    {
        var flags = new bool[keep.Length];
        var kept = 0;
        for (var i = 0; i < keep.Length; i++) if (keep[i] == 1) { flags[i] = true; kept++; }
        var filtered = new Mda.DataFrame(Frame.Columns.Select(c => ColumnData.Filter(c, flags, kept)));
        return new PrivateDataFrame(filtered, Metadata, Rows.Derive(), $"{Name}.{operation}");
    }

    private PrivateDataFrame Rebuild(IReadOnlyList<PrivateSeries> series)
    {
        var frame = FromSeries(Name, series);
        return new PrivateDataFrame(frame.Frame, frame.Metadata with { Description = Metadata.Description }, Rows, Name);
    }
}
