using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateEnv.DataFrame;

/// <summary>What kind of values a column holds, as declared by the data owner.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnKind>))]
public enum ColumnKind { Numeric, Categorical, Boolean, Text }

/// <summary>
/// Public metadata of one column: declared bounds for numeric columns, the category list for categorical ones.
/// Declared by the data owner (or derived from public inputs), never from the data. Immutable: every instance is
/// validated when made, and the category list is a read-only copy, so no cell can change what the libraries rely on.
/// </summary>
public sealed record ColumnMetadata
{
    private readonly ReadOnlyCollection<string> categories;

    public ColumnMetadata(string Name, ColumnKind Kind, double? Lower = null, double? Upper = null, IReadOnlyList<string>? Categories = null)
    {
        if (string.IsNullOrEmpty(Name)) throw new ArgumentException("A column needs a non-empty name.", nameof(Name));
        switch (Kind)
        {
            case ColumnKind.Numeric or ColumnKind.Boolean:
                if (Lower is not { } lo || Upper is not { } hi || !double.IsFinite(lo) || !double.IsFinite(hi) || lo > hi)
                    throw new ArgumentException($"Column '{Name}': bounds must be finite with lower ≤ upper, got [{Lower}, {Upper}].");
                if (Categories is { Count: > 0 }) throw new ArgumentException($"Column '{Name}' is {Kind.ToString().ToLowerInvariant()}; it cannot list categories.");
                break;
            case ColumnKind.Categorical:
                if (Lower is not null || Upper is not null) throw new ArgumentException($"Categorical column '{Name}' cannot have numeric bounds.");
                if (Categories is null || Categories.Count == 0) throw new ArgumentException($"Categorical column '{Name}' needs at least one category.");
                if (Categories.Any(c => c is null)) throw new ArgumentException($"Categorical column '{Name}' lists a null category.");
                if (Categories.Distinct(StringComparer.Ordinal).Count() != Categories.Count) throw new ArgumentException($"Categorical column '{Name}' lists a category twice.");
                break;
            case ColumnKind.Text:
                if (Lower is not null || Upper is not null || Categories is { Count: > 0 }) throw new ArgumentException($"Text column '{Name}' has no bounds or categories.");
                break;
            default:
                throw new ArgumentException($"Column '{Name}': unknown kind {Kind}.");
        }
        this.Name = Name;
        this.Kind = Kind;
        this.Lower = Lower;
        this.Upper = Upper;
        categories = Array.AsReadOnly(Kind == ColumnKind.Categorical ? Categories!.ToArray() : []);
    }

    public string Name { get; }
    public ColumnKind Kind { get; }
    public double? Lower { get; }
    public double? Upper { get; }

    /// <summary>The declared categories in order (empty unless categorical); read-only.</summary>
    public IReadOnlyList<string> Categories => categories;

    /// <summary>Same as <see cref="Categories"/>.</summary>
    public IReadOnlyList<string> CategoryList => categories;

    /// <summary>The same column under another name.</summary>
    public ColumnMetadata Renamed(string name) => new(name, Kind, Lower, Upper, Kind == ColumnKind.Categorical ? categories : null);

    public bool Equals(ColumnMetadata? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Lower == other.Lower && Upper == other.Upper
        && categories.SequenceEqual(other.categories, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, Kind, Lower, Upper, categories.Count);
}

/// <summary>
/// The public metadata of a dataset, read from JSON:
/// <c>{"description": "...", "rows": 32561, "columns": {"age": {"type": "numeric", "lower": 17, "upper": 90},
/// "sex": {"type": "categorical", "categories": ["F", "M"]}, "note": {"type": "text"}}}</c>.
/// <c>rows</c> (optional) is the number of rows the owner publishes: the dataset's row space has exactly that many
/// slots (a file with fewer rows is padded with empty slots, one with more is refused), and DP-SGD samples the whole
/// dataset at the public rate batch/rows. Immutable.
/// </summary>
public sealed record DatasetMetadata
{
    /// <summary>The largest declared row count (row slots are indexed by int).</summary>
    public const int MaxRows = 1 << 30;

    private readonly ReadOnlyCollection<ColumnMetadata> columns;

    public DatasetMetadata(string Description, IReadOnlyList<ColumnMetadata> Columns, long? Rows = null)
    {
        ArgumentNullException.ThrowIfNull(Columns);
        if (Columns.Any(c => c is null)) throw new ArgumentException("Metadata lists a null column.");
        var duplicate = Columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Metadata describes column '{duplicate.Key}' twice.");
        if (Rows is { } rows && (rows < 1 || rows > MaxRows))
            throw new ArgumentException($"Declared rows must be between 1 and {MaxRows}, got {rows}.");
        this.Description = Description ?? "";
        columns = Array.AsReadOnly(Columns.ToArray());
        this.Rows = Rows;
    }

    public string Description { get; }

    /// <summary>The columns in order; read-only.</summary>
    public IReadOnlyList<ColumnMetadata> Columns => columns;

    /// <summary>The published row count, when the owner declared one.</summary>
    public long? Rows { get; }

    public ColumnMetadata? Find(string column) => columns.FirstOrDefault(c => c.Name == column);

    internal DatasetMetadata WithColumns(IReadOnlyList<ColumnMetadata> newColumns) => new(Description, newColumns, Rows);

    public bool Equals(DatasetMetadata? other) =>
        other is not null && Description == other.Description && Rows == other.Rows && columns.SequenceEqual(other.columns);

    public override int GetHashCode() => HashCode.Combine(Description, Rows, columns.Count);

    public static DatasetMetadata Parse(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new InvalidDataException($"Metadata is not valid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException("Metadata must be a JSON object with a \"columns\" object.");
            var description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
            if (!root.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException("Metadata needs a \"columns\" object mapping column names to {\"type\": ...}.");
            long? rows = null;
            if (root.TryGetProperty("rows", out var r))
            {
                if (r.ValueKind != JsonValueKind.Number || !r.TryGetInt64(out var declared) || declared < 1 || declared > MaxRows)
                    throw new InvalidDataException($"\"rows\" must be a whole number between 1 and {MaxRows} (the published row count).");
                rows = declared;
            }
            var list = new List<ColumnMetadata>();
            foreach (var column in columns.EnumerateObject())
                list.Add(ParseColumn(column.Name, column.Value));
            try { return new DatasetMetadata(description, list, rows); }
            catch (ArgumentException e) { throw new InvalidDataException(e.Message); }
        }
    }

    private static ColumnMetadata ParseColumn(string name, JsonElement spec)
    {
        if (name.Length == 0) throw new InvalidDataException("Metadata names a column with an empty name.");
        if (spec.ValueKind != JsonValueKind.Object || !spec.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw new InvalidDataException($"Column '{name}': metadata needs \"type\" (numeric, categorical, boolean or text).");
        var type = typeElement.GetString()!.ToLowerInvariant();
        var hasBounds = spec.TryGetProperty("lower", out var lo) | spec.TryGetProperty("upper", out var hi);
        var hasCategories = spec.TryGetProperty("categories", out var cats);
        switch (type)
        {
            case "numeric":
                if (hasCategories)
                    throw new InvalidDataException($"Column '{name}' is declared numeric but also lists categories; a column is either numeric or categorical.");
                if (lo.ValueKind != JsonValueKind.Number || hi.ValueKind != JsonValueKind.Number)
                    throw new InvalidDataException($"Numeric column '{name}' needs numeric \"lower\" and \"upper\" bounds.");
                var lower = lo.GetDouble();
                var upper = hi.GetDouble();
                if (!double.IsFinite(lower) || !double.IsFinite(upper) || lower > upper)
                    throw new InvalidDataException($"Column '{name}': bounds must be finite with lower ≤ upper, got [{lower}, {upper}].");
                return new ColumnMetadata(name, ColumnKind.Numeric, lower, upper);
            case "categorical":
                if (hasBounds)
                    throw new InvalidDataException($"Column '{name}' is declared categorical but also has numeric bounds; a column is either numeric or categorical.");
                if (!hasCategories || cats.ValueKind != JsonValueKind.Array || cats.GetArrayLength() == 0)
                    throw new InvalidDataException($"Categorical column '{name}' needs a non-empty \"categories\" array.");
                var categories = cats.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText()).ToList();
                if (categories.Distinct().Count() != categories.Count)
                    throw new InvalidDataException($"Categorical column '{name}' lists a category twice.");
                return new ColumnMetadata(name, ColumnKind.Categorical, Categories: categories);
            case "boolean":
                return new ColumnMetadata(name, ColumnKind.Boolean, 0, 1);
            case "text":
                return new ColumnMetadata(name, ColumnKind.Text);
            default:
                throw new InvalidDataException($"Column '{name}': unknown type '{type}' (use numeric, categorical, boolean or text).");
        }
    }
}
