using System.Globalization;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.DataFrame.Internal;
using PrivateEnv.Privacy;

namespace PrivateEnv.DataFrame;

// Free private → private frame operations. None changes the row space's size: filters, splits and samples
// narrow the mask; only Concat makes a new (larger) space.
public sealed partial class PrivateDataFrame
{
    /// <summary>These columns, in this order.</summary>
    public PrivateDataFrame Select(params string[] columns)
    {
        if (columns is null || columns.Length == 0) throw new ArgumentException("Select needs at least one column name.");
        return Rebuild(columns.Select(c => this[c]).ToList());
    }

    /// <summary>All columns but these.</summary>
    public PrivateDataFrame Drop(params string[] columns)
    {
        columns ??= [];
        foreach (var c in columns) _ = this[c];
        return Rebuild(AllSeries().Where(s => !columns.Contains(s.Name)).ToList());
    }

    /// <summary>The rows where <paramref name="mask"/> (a boolean series of this dataset, e.g. df["age"] > 30) is true.</summary>
    public PrivateDataFrame Where(PrivateSeries mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        mask.RequireBoolean("Filtering");
        Rows.RequireSame(mask.Rows, "Filtering");
        var x = mask.Numbers;
        var keep = new byte[x.Length];
        for (var i = 0; i < keep.Length; i++) keep[i] = (byte)(x[i] == 1 ? 1 : 0);
        return WithMask(Mask.And(mask.Mask).And(keep), "Where");
    }

    /// <summary>
    /// Adds (or replaces) column <paramref name="name"/> with a series of this dataset. Rows of this frame that the
    /// series does not cover (it came from another filter) get a missing value, as pandas aligns by index.
    /// </summary>
    public PrivateDataFrame Assign(string name, PrivateSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        Rows.RequireSame(series.Rows, $"Assign(\"{name}\")");
        var renamed = series.Rename(name);
        var aligned = new PrivateSeries(Rows, Mask, renamed.Metadata, renamed.ValuesUnder(Mask), renamed.Label);
        var list = AllSeries().ToList();
        var at = list.FindIndex(s => s.Name == name);
        if (at >= 0) list[at] = aligned; else list.Add(aligned);
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
        var checkedColumns = columns is null || columns.Length == 0 ? AllSeries() : columns.Select(c => this[c]).ToList();
        var mask = Mask;
        foreach (var series in checkedColumns) mask = mask.And(series.Values.Present());
        return WithMask(mask, "DropNa");
    }

    /// <summary>Replaces each categorical column named by one boolean column per declared category ("{col}_{category}").</summary>
    public PrivateDataFrame OneHotEncode(params string[] columns)
    {
        var targets = columns is null || columns.Length == 0 ? Metadata.Columns.Where(c => c.Kind == ColumnKind.Categorical).Select(c => c.Name).ToArray() : columns;
        foreach (var t in targets) _ = this[t];
        var list = new List<PrivateSeries>();
        foreach (var series in AllSeries())
        {
            if (targets.Contains(series.Name)) list.AddRange(series.OneHot().AllSeries());
            else list.Add(series);
        }
        return Rebuild(list);
    }

    /// <summary>
    /// Puts the columns of <paramref name="other"/> (a frame of the same dataset) next to these. The result keeps this
    /// frame's rows; where <paramref name="other"/> does not cover a row its columns are missing (a left join on the row).
    /// </summary>
    public PrivateDataFrame Join(PrivateDataFrame other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Rows.RequireSame(other.Rows, "Join of private frames");
        var aligned = other.AllSeries().Select(s => new PrivateSeries(Rows, Mask, s.Metadata, s.ValuesUnder(Mask), s.Label));
        return Rebuild([.. AllSeries(), .. aligned]);
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
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tableKeys.Length; i++)
            if (tableKeys[i] is { } k && !lookup.TryAdd(k, i))
                throw new ArgumentException($"The public table's key column '{on}' has the key '{k}' twice; a lookup join needs unique keys.");
        var match = MatchRows(key, lookup);
        var list = AllSeries().ToList();
        foreach (var name in table.ColumnNames.Where(n => n != on))
        {
            if (Columns.Contains(name)) throw new ArgumentException($"Both frames have a column '{name}'; Rename one before joining.");
            if (table.TryGetNumbers(name, out var numbers))
            {
                var present = numbers.Where(v => v is { } d && double.IsFinite(d)).Select(v => v!.Value).ToList();
                var values = match.Select(m => m >= 0 && numbers[m] is { } v && double.IsFinite(v) ? v : double.NaN).ToArray();
                list.Add(key.WithNumbers(values, present.Count > 0 ? present.Min() : 0, present.Count > 0 ? present.Max() : 0, "Join", name));
            }
            else
            {
                var texts = table.RawTexts(name);
                var categories = texts.Where(t => t is not null).Select(t => t!).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
                if (categories.Count == 0)
                {
                    list.Add(key.WithText(TextVocabulary.Empty, Enumerable.Repeat(-1, match.Length).ToArray(), "Join").Rename(name));
                    continue;
                }
                var codeOf = categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
                var rowCodes = texts.Select(t => t is null ? -1 : codeOf[t]).ToArray();
                list.Add(key.WithCodes(match.Select(m => m >= 0 ? rowCodes[m] : -1).ToArray(), categories, "Join", name));
            }
        }
        return Rebuild(list);
    }

    /// <summary>
    /// The table row of each slot's key (−1: none). Categorical keys are matched once per declared category (public);
    /// numeric keys by a fixed-step search (<see cref="PublicKeys"/>); text keys by randomised string hashing, whose
    /// time depends on the strings' lengths (see docs/threat-model.md).
    /// </summary>
    private static int[] MatchRows(PrivateSeries key, Dictionary<string, int> lookup)
    {
        switch (key.Kind)
        {
            case ColumnKind.Categorical:
                var byCategory = key.Categories.Select(c => lookup.TryGetValue(c, out var row) ? row : -1).ToArray();
                return key.Codes.Select(c => c < 0 ? -1 : byCategory[c]).ToArray();
            case ColumnKind.Numeric or ColumnKind.Boolean:
                var byNumber = new PublicKeys(lookup.OrderBy(p => p.Value)
                    .Select(p => (Key: double.TryParse(p.Key, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : double.NaN, Row: p.Value)));
                return key.Numbers.Select(byNumber.Find).ToArray();
            default:
                // The public keys' codes in the column's vocabulary (a distinct negative placeholder where a segment lacks
                // one, so the table has the same size either way), then a fixed-work lookup per slot by code.
                var segments = key.Text.Vocabulary.Segments;
                var byCode = new PublicKeys(lookup.OrderBy(p => p.Value).SelectMany(p => key.Text.Vocabulary.CodeInEachSegment(p.Key)
                    .Select(code => (Key: code >= 0 ? code : code - (double)p.Value * segments, Row: p.Value))));
                return key.Text.Codes.Select(c => c < 0 ? -1 : byCode.Find(c)).ToArray();
        }
    }

    /// <summary>Text parts stacked: one vocabulary when they share it, else their vocabularies in sequence with codes moved up.</summary>
    private static TextValues ConcatText(IReadOnlyList<TextValues> parts)
    {
        if (parts.All(p => ReferenceEquals(p.Vocabulary, parts[0].Vocabulary)))
            return new TextValues(parts[0].Vocabulary, parts.SelectMany(p => p.Codes).ToArray());
        var vocabulary = TextVocabulary.Empty;
        var codes = new List<int>();
        foreach (var part in parts)
        {
            var offset = vocabulary.Count;
            vocabulary = vocabulary.Then(part.Vocabulary);
            codes.AddRange(part.Codes.Select(c => c < 0 ? -1 : c + offset));
        }
        return new TextValues(vocabulary, [.. codes]);
    }

    /// <summary>
    /// Stacks frames of one session with the same columns and kinds into a new row space whose size is the sum of
    /// theirs. Bounds and categories are united. One individual may now be in several rows, so the result's
    /// MaxRowsPerIndividual is the sum of the inputs' and DP statistics on it pay for that.
    /// </summary>
    public static PrivateDataFrame Concat(params PrivateDataFrame[] frames)
    {
        if (frames is null || frames.Length == 0) throw new ArgumentException("Concat needs at least one frame.");
        var first = frames[0];
        foreach (var f in frames)
        {
            ArgumentNullException.ThrowIfNull(f);
            if (!ReferenceEquals(f.Charger, first.Charger)) throw new InvalidOperationException("Concat needs frames of the same session.");
            if (!f.Columns.SequenceEqual(first.Columns))
                throw new ArgumentException($"Concat needs the same columns in the same order: '{first.Name}' has {string.Join(", ", first.Columns)}; '{f.Name}' has {string.Join(", ", f.Columns)}.");
        }
        var size = frames.Sum(f => (long)f.Rows.Size);
        if (size > DatasetMetadata.MaxRows) throw new ArgumentException($"Concat would make {size} row slots; at most {DatasetMetadata.MaxRows} are supported.");
        var stability = frames.Sum(f => (long)f.Rows.Stability);
        if (stability > 1 << 16) throw new ArgumentException($"Concat would put one individual in up to {stability} rows; at most 65536 are supported.");
        var metas = new List<ColumnMetadata>();
        var columns = new List<ColumnValues>();
        foreach (var name in first.Columns)
        {
            var parts = frames.Select(f => f[name]).ToList();
            var kind = parts[0].Kind;
            if (parts.Any(p => p.Kind != kind)) throw new ArgumentException($"Column '{name}' has different kinds in the frames; use AsType first.");
            switch (kind)
            {
                case ColumnKind.Numeric or ColumnKind.Boolean:
                    metas.Add(new ColumnMetadata(name, kind, parts.Min(p => p.Lower), parts.Max(p => p.Upper)));
                    columns.Add(new NumericValues(parts.SelectMany(p => p.Numbers).ToArray()));
                    break;
                case ColumnKind.Categorical:
                    var categories = parts.SelectMany(p => p.Categories).Distinct().ToList();
                    var index = categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
                    metas.Add(new ColumnMetadata(name, kind, Categories: categories));
                    columns.Add(new CategoryValues(parts.SelectMany(p =>
                    {
                        var remap = p.Categories.Select(c => index[c]).ToArray();
                        return p.Codes.Select(c => c < 0 ? -1 : remap[c]);
                    }).ToArray()));
                    break;
                default:
                    metas.Add(new ColumnMetadata(name, kind));
                    columns.Add(ConcatText(parts.Select(p => p.Text).ToList()));
                    break;
            }
        }
        var space = new RowSpace(first.Charger, (int)size, (int)stability, null);
        var mask = RowMask.FromBytes(frames.SelectMany(f => f.Mask.Inside).ToArray());
        return new PrivateDataFrame(space, mask, new DatasetMetadata(first.Metadata.Description, metas), [.. columns],
            $"Concat({string.Join(", ", frames.Select(f => f.Name))})");
    }

    /// <summary>
    /// Splits the rows at random (secure generator): each row goes to Test independently with
    /// probability <paramref name="testFraction"/>, else to Train. Both parts stay private; an
    /// individual is in only one of them. Both keep the dataset's row slots (they are masks over them).
    /// </summary>
    public (PrivateDataFrame Train, PrivateDataFrame Test) TrainTestSplit(double testFraction = 0.25)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), $"testFraction must be in (0, 1), got {testFraction}.");
        var test = BernoulliMask(testFraction);
        return (WithMask(Mask.AndNot(test), "Train"), WithMask(Mask.And(test), "Test"));
    }

    /// <summary>
    /// A Poisson sample: each row kept independently with probability <paramref name="fraction"/>
    /// (secure generator). Fixed-size sampling is not offered: under add/remove it can swap a row,
    /// which would double the sensitivity.
    /// </summary>
    public PrivateDataFrame Sample(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), $"fraction must be in (0, 1], got {fraction}.");
        return WithMask(Mask.And(BernoulliMask(fraction)), $"Sample({fraction:G4})");
    }

    /// <summary>One secure coin per slot (all slots, so the work is public).</summary>
    private byte[] BernoulliMask(double probability)
    {
        var mask = new byte[Rows.Size];
        SecureRandom.FillBernoulli(mask, probability);
        return mask;
    }

    private PrivateDataFrame WithMask(RowMask mask, string operation) => new(Rows, mask, Metadata, columns, $"{Name}.{operation}");

    /// <summary>A frame of this one's rows and mask from series of this row space (their values outside this mask do not matter).</summary>
    private PrivateDataFrame Rebuild(IReadOnlyList<PrivateSeries> series)
    {
        if (series.Count == 0) throw new ArgumentException("A frame needs at least one column.");
        foreach (var s in series) Rows.RequireSame(s.Rows, "Building a frame");
        var duplicate = series.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Column '{duplicate.Key}' appears twice; Rename one of them.");
        return new PrivateDataFrame(Rows, Mask, Metadata.WithColumns(series.Select(s => s.Metadata).ToArray()), series.Select(s => s.Values).ToArray(), Name);
    }
}
