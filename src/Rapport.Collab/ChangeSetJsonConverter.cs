using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.Collab;

/// <summary>Lets a <see cref="ChangeSet"/> travel in System.Text.Json payloads (SignalR's JSON protocol) in CodeMirror's form.</summary>
/// <remarks>A malformed change set throws <see cref="InvalidChangeSetException"/>, not a <see cref="JsonException"/>, so its message survives.</remarks>
public sealed class ChangeSetJsonConverter : JsonConverter<ChangeSet>
{
    public override ChangeSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return ChangeSet.FromJson(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, ChangeSet value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        value.WriteTo(writer);
    }
}
