using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The SDK's own Data Protection key ring in the store file, used when the application configured none. Data
/// Protection calls it synchronously and rarely (when it creates a key, and to reload the ring about once a day).
/// </summary>
internal sealed class SqliteXmlRepository(ReceiverStore store) : IXmlRepository
{
    private const string SelectSql = "SELECT xml FROM withings_key_ring ORDER BY id";
    private const string InsertSql = "INSERT INTO withings_key_ring (friendly_name, xml) VALUES ($name, $xml)";

    public IReadOnlyCollection<XElement> GetAllElements() =>
        Wait(() => store.RunAsync<IReadOnlyCollection<XElement>>(static session =>
        {
            var elements = new List<XElement>();
            using var reader = session.Command(SelectSql).ExecuteReader();
            while (reader.Read())
            {
                elements.Add(XElement.Parse(reader.GetString(0)));
            }

            return elements;
        }));

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var xml = element.ToString(SaveOptions.DisableFormatting);
        Wait(() => store.RunAsync(session =>
        {
            var command = session.Command(InsertSql);
            command.Parameters.AddWithValue("$name", (object?)friendlyName ?? DBNull.Value);
            command.Parameters.AddWithValue("$xml", xml);
            return command.ExecuteNonQuery();
        }));
    }

    // IXmlRepository is synchronous. The store's writer is a thread of its own, never the caller's, so waiting for
    // it cannot deadlock; token pairs are never protected from inside the writer.
    private static T Wait<T>(Func<Task<T>> work)
    {
#pragma warning disable VSTHRD002 // See above.
        return work().GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
    }
}
