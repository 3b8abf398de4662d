using System.Globalization;

namespace PrivateEnv.DataFrame.Internal;

/// <summary>
/// Builds one stored column under its declared metadata. Numbers outside the declared bounds are
/// clamped to them; empty cells, "?", "NA", "NaN" and "null" are missing; a categorical value not
/// among the declared categories is missing; booleans accept 1/0, true/false, yes/no.
/// </summary>
internal sealed class ColumnBuilder(ColumnMetadata metadata)
{
    private static readonly HashSet<string> MissingMarkers = ["", "?", "NA", "NaN", "null"];
    private readonly List<double> numbers = [];
    private readonly List<int> codes = [];
    private readonly List<string?> texts = [];
    private readonly Dictionary<string, int> categoryCodes = metadata.CategoryList.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

    public ColumnMetadata Metadata => metadata;

    public int Count => metadata.Kind switch
    {
        ColumnKind.Numeric or ColumnKind.Boolean => numbers.Count,
        ColumnKind.Categorical => codes.Count,
        _ => texts.Count,
    };

    public void AddText(string? raw)
    {
        raw = raw?.Trim();
        var missing = raw is null || MissingMarkers.Contains(raw);
        switch (metadata.Kind)
        {
            case ColumnKind.Numeric:
                AddNumber(!missing && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null);
                break;
            case ColumnKind.Boolean:
                AddNumber(missing ? null : raw!.ToLowerInvariant() switch
                {
                    "1" or "true" or "yes" => 1.0,
                    "0" or "false" or "no" => 0.0,
                    _ => null,
                });
                break;
            case ColumnKind.Categorical:
                codes.Add(!missing && categoryCodes.TryGetValue(raw!, out var code) ? code : -1);
                break;
            default:
                texts.Add(missing ? null : raw);
                break;
        }
    }

    public void AddNumber(double? value)
    {
        switch (metadata.Kind)
        {
            case ColumnKind.Numeric:
                numbers.Add(value is { } v && !double.IsNaN(v) ? Math.Clamp(v, metadata.Lower!.Value, metadata.Upper!.Value) : double.NaN);
                break;
            case ColumnKind.Boolean:
                numbers.Add(value switch { 1.0 => 1.0, 0.0 => 0.0, _ => double.NaN });
                break;
            default:
                AddText(value?.ToString("R", CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>The values over <paramref name="size"/> slots: the added rows first, then empty (missing) slots.</summary>
    public ColumnValues Build(int size)
    {
        switch (metadata.Kind)
        {
            case ColumnKind.Numeric or ColumnKind.Boolean:
                var values = new double[size];
                numbers.CopyTo(values);
                values.AsSpan(numbers.Count).Fill(double.NaN);
                return new NumericValues(values);
            case ColumnKind.Categorical:
                var all = new int[size];
                codes.CopyTo(all);
                all.AsSpan(codes.Count).Fill(-1);
                return new CategoryValues(all);
            default:
                var (vocabulary, textCodes) = TextVocabulary.Encode(texts, size);
                return new TextValues(vocabulary, textCodes);
        }
    }
}
