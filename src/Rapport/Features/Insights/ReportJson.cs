using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.Features.Insights;

/// <summary>
/// The JSON form of reports. A statistic that came out non-finite is written as null rather than
/// as NaN or Infinity: NaN is not JSON, and a reader must see "no value", never a number that is not one.
/// </summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new FiniteDoubleConverter() },
    };

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> through a temporary file, so a failure leaves no half-written report.</summary>
    public static async Task WriteAtomicallyAsync<T>(T report, string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = File.Create(temporary))
            {
                await JsonSerializer.SerializeAsync(stream, report, Options, ct);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                // Full precision: a tiny p-value must not round to 0.
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
