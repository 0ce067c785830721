using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Withings.Sdk.Sample;

/// <summary>Writes one compact JSON object per line, flushed at once so that a pipe sees it immediately.</summary>
internal sealed class JsonLines(TextWriter writer)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _gate = new();

    public void Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    public void Error(string message) => Write(json =>
    {
        json.WriteBoolean("ok", false);
        json.WriteString("error", message);
    });
}
