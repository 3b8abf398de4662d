using System.Globalization;
using Mda = Microsoft.Data.Analysis;

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
    private readonly List<string?> strings = [];
    private readonly HashSet<string> categories = [.. metadata.CategoryList];

    public ColumnMetadata Metadata => metadata;

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
                strings.Add(!missing && categories.Contains(raw!) ? raw : null);
                break;
            default:
                strings.Add(missing ? null : raw);
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

    public Mda.DataFrameColumn Build() => metadata.Kind is ColumnKind.Numeric or ColumnKind.Boolean
        ? ColumnData.BuildNumeric(metadata.Name, numbers.ToArray())
        : ColumnData.BuildStrings(metadata.Name, strings.ToArray());
}
