using System.Globalization;
using System.Web;
using Microsoft.AspNetCore.WebUtilities;

namespace Withings.Sdk.Benchmarks.Parsing;

/// <summary>What users write without the SDK: a framework's form parser, then <c>int.Parse</c>/<c>long.Parse</c>.</summary>
public static class HandWrittenParsers
{
    /// <summary>The classic: <see cref="HttpUtility.ParseQueryString(string)"/> into a <c>NameValueCollection</c>.</summary>
    /// <param name="body">The form body.</param>
    /// <returns>The parsed fields.</returns>
    public static HandWrittenNotification WithHttpUtility(string body)
    {
        var form = HttpUtility.ParseQueryString(body);
        return new HandWrittenNotification
        {
            Appli = int.Parse(form["appli"]!, CultureInfo.InvariantCulture),
            UserId = long.Parse(form["userid"]!, CultureInfo.InvariantCulture),
            StartDate = form["startdate"] is { } start ? long.Parse(start, CultureInfo.InvariantCulture) : null,
            EndDate = form["enddate"] is { } end ? long.Parse(end, CultureInfo.InvariantCulture) : null,
        };
    }

    /// <summary>ASP.NET Core's <see cref="QueryHelpers.ParseQuery(string)"/> into a dictionary of <c>StringValues</c>.</summary>
    /// <param name="body">The form body.</param>
    /// <returns>The parsed fields.</returns>
    public static HandWrittenNotification WithQueryHelpers(string body)
    {
        var form = QueryHelpers.ParseQuery(body);
        return new HandWrittenNotification
        {
            Appli = int.Parse(form["appli"].ToString(), CultureInfo.InvariantCulture),
            UserId = long.Parse(form["userid"].ToString(), CultureInfo.InvariantCulture),
            StartDate = form.TryGetValue("startdate", out var start) ? long.Parse(start.ToString(), CultureInfo.InvariantCulture) : null,
            EndDate = form.TryGetValue("enddate", out var end) ? long.Parse(end.ToString(), CultureInfo.InvariantCulture) : null,
        };
    }

    /// <summary>
    /// The fastest thing ASP.NET Core offers: <see cref="QueryStringEnumerable"/> walks the pairs without building a
    /// dictionary and decodes only what is asked for. Written by someone who profiles.
    /// </summary>
    /// <param name="body">The form body.</param>
    /// <returns>The parsed fields.</returns>
    public static HandWrittenNotification WithQueryStringEnumerable(string body)
    {
        var result = new HandWrittenNotification();
        foreach (var pair in new QueryStringEnumerable(body))
        {
            var name = pair.DecodeName().Span;
            if (name.SequenceEqual("appli"))
            {
                result.Appli = int.Parse(pair.DecodeValue().Span, CultureInfo.InvariantCulture);
            }
            else if (name.SequenceEqual("userid"))
            {
                result.UserId = long.Parse(pair.DecodeValue().Span, CultureInfo.InvariantCulture);
            }
            else if (name.SequenceEqual("startdate"))
            {
                result.StartDate = long.Parse(pair.DecodeValue().Span, CultureInfo.InvariantCulture);
            }
            else if (name.SequenceEqual("enddate"))
            {
                result.EndDate = long.Parse(pair.DecodeValue().Span, CultureInfo.InvariantCulture);
            }
        }

        return result;
    }
}
