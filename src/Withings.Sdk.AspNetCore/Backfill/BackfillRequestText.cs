using System.Web;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// A backfill's requests as stored text: one line per request, <c>PATH?FORM</c> (the form as Withings receives it,
/// fields in order), so that a job read back plans exactly the requests it was saved with.
/// </summary>
internal static class BackfillRequestText
{
    public static string Write(IEnumerable<FetchRequest> requests) =>
        string.Join('\n', requests.Select(r => (r.RequiresSignature ? "!" : string.Empty) + r.Path + "?" + r.ToFormString()));

    public static IReadOnlyList<FetchRequest> Read(long userId, string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var requests = new List<FetchRequest>();
        foreach (var line in text.Split('\n'))
        {
            var signed = line.StartsWith('!');
            var request = signed ? line[1..] : line;
            var question = request.IndexOf('?', StringComparison.Ordinal);
            var fields = HttpUtility.ParseQueryString(request[(question + 1)..]);
            var form = fields.AllKeys.Select(k => new KeyValuePair<string, string>(k!, fields[k]!)).ToList();
            requests.Add(new FetchRequest(userId, request[..question], form, signed));
        }

        return requests;
    }
}
