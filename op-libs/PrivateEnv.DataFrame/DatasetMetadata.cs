using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateEnv.DataFrame;

/// <summary>What kind of values a column holds, as declared by the data owner.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnKind>))]
public enum ColumnKind { Numeric, Categorical, Boolean, Text }

/// <summary>
/// Public metadata of one column: declared bounds for numeric columns, the category list for
/// categorical ones. Declared by the data owner, never derived from the data.
/// </summary>
public sealed record ColumnMetadata(string Name, ColumnKind Kind, double? Lower = null, double? Upper = null,
    IReadOnlyList<string>? Categories = null)
{
    public IReadOnlyList<string> CategoryList => Categories ?? [];
}

/// <summary>
/// The public metadata of a dataset, read from JSON:
/// <c>{"description": "...", "columns": {"age": {"type": "numeric", "lower": 17, "upper": 90},
/// "sex": {"type": "categorical", "categories": ["F", "M"]}, "note": {"type": "text"}}}</c>.
/// </summary>
public sealed record DatasetMetadata(string Description, IReadOnlyList<ColumnMetadata> Columns)
{
    public ColumnMetadata? Find(string column) => Columns.FirstOrDefault(c => c.Name == column);

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
            var list = new List<ColumnMetadata>();
            foreach (var column in columns.EnumerateObject())
                list.Add(ParseColumn(column.Name, column.Value));
            return new DatasetMetadata(description, list);
        }
    }

    private static ColumnMetadata ParseColumn(string name, JsonElement spec)
    {
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
