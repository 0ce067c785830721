using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Builds one page: the layout (navigation, the stylesheet inlined, no script, nothing fetched from elsewhere) and
/// HTML-encoded text. Every value written with <see cref="Text(string?)"/> is encoded; <see cref="Raw"/> takes markup
/// this code wrote.
/// </summary>
internal sealed class DashboardHtml
{
    // Small on purpose: one stylesheet for every page, sent inline so that the page needs no second request.
    private const string Style = """
        :root{color-scheme:light dark;--line:#8884;--muted:#888;--accent:#2a6ebb;--bad:#c0392b;--good:#2e8b57}
        *{box-sizing:border-box}body{font:14px/1.45 system-ui,sans-serif;margin:0;padding:0 1.5rem 2rem;max-width:78rem}
        header{display:flex;gap:1.5rem;align-items:baseline;border-bottom:1px solid var(--line);padding:.8rem 0;margin-bottom:1rem;flex-wrap:wrap}
        header strong{font-size:1.1rem}nav a{margin-right:1rem;text-decoration:none;color:var(--accent)}nav a.on{font-weight:600;text-decoration:underline}
        h1{font-size:1.3rem;margin:.5rem 0 1rem}h2{font-size:1.05rem;margin:1.5rem 0 .5rem}
        table{border-collapse:collapse;width:100%;margin-bottom:1rem}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-weight:600;font-size:.85rem;color:var(--muted)}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.8rem;margin-bottom:1rem}
        .card{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}.card b{display:block;font-size:1.4rem}.card span{color:var(--muted);font-size:.85rem}
        .muted{color:var(--muted)}.bad{color:var(--bad)}.good{color:var(--good)}code,.mono{font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all}
        form.inline{display:inline}button{font:inherit;padding:.25rem .7rem;border-radius:4px;border:1px solid var(--line);background:transparent;color:inherit;cursor:pointer}
        button.danger{border-color:var(--bad);color:var(--bad)}input[type=search]{font:inherit;padding:.3rem .5rem;width:16rem}
        ol.path{margin:0;padding-left:1.1rem}.notice{border-left:3px solid var(--accent);padding:.4rem .8rem;margin-bottom:1rem}
        """;

    private static readonly (string Path, string Name)[] Pages =
    [
        (string.Empty, "Overview"),
        ("notifications", "Where is my notification"),
        ("dead-letters", "Dead letters"),
        ("users", "Users and subscriptions"),
    ];

    private readonly StringBuilder _html = new(8 * 1024);

    public DashboardHtml Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    public DashboardHtml Text(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _html.Append(HtmlEncoder.Default.Encode(value));
        }

        return this;
    }

    public DashboardHtml Number(long value) => Raw(value.ToString("N0", CultureInfo.InvariantCulture));

    /// <summary>A time in UTC, to the millisecond.</summary>
    public DashboardHtml Time(DateTimeOffset? value) =>
        value is { } at ? Raw("<time datetime=\"").Raw(at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Raw("\">")
            .Raw(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)).Raw("Z</time>") : Raw("—");

    /// <summary>A table cell holding a number.</summary>
    public DashboardHtml Cell(long value) => Raw("<td class=\"n\">").Number(value).Raw("</td>");

    /// <summary>The form fields every POST carries: the antiforgery token.</summary>
    public DashboardHtml Antiforgery(string? fieldName, string? token) =>
        fieldName is null || token is null ? this : Raw("<input type=\"hidden\" name=\"").Text(fieldName).Raw("\" value=\"").Text(token).Raw("\">");

    /// <summary>The whole document: the layout around what was written, with <paramref name="active"/> marked in the navigation.</summary>
    public static string Document(string basePath, string active, string title, string body)
    {
        var page = new DashboardHtml();
        page.Raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Raw("<meta name=\"robots\" content=\"noindex\"><title>").Text(title).Raw(" · Withings receiver</title><style>").Raw(Style).Raw("</style></head><body><header><strong>Withings receiver</strong><nav>");
        foreach (var (path, name) in Pages)
        {
            page.Raw("<a href=\"").Text(Link(basePath, path)).Raw(path == active ? "\" class=\"on\" aria-current=\"page\">" : "\">").Text(name).Raw("</a>");
        }

        page.Raw("</nav></header><main><h1>").Text(title).Raw("</h1>").Raw(body).Raw("</main></body></html>");
        return page.ToString();
    }

    public static string Link(string basePath, string page) => basePath.TrimEnd('/') + "/" + page;

    public static string Appli(int appli) => appli switch
    {
        0 => "unparsed",
        -1 => "other",
        _ when Enum.IsDefined((NotificationCategory)appli) => $"{(NotificationCategory)appli} ({appli})",
        _ => appli.ToString(CultureInfo.InvariantCulture),
    };

    public static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 1 } => "under a second",
        { TotalMinutes: < 1 } => $"{age.TotalSeconds:0} s",
        { TotalHours: < 1 } => $"{age.TotalMinutes:0} min",
        { TotalDays: < 1 } => $"{age.TotalHours:0.#} h",
        _ => $"{age.TotalDays:0.#} days",
    };

    public override string ToString() => _html.ToString();
}
