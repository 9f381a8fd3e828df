using System.Globalization;
using System.Net;
using System.Text;

namespace Courier.Hosting.Status;

/// <summary>Renders the status report and the sign-in form as plain HTML: inline styles, no scripts, no external assets.</summary>
public static class StatusPage
{
    private const string Style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b;background:#fff}
        h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0}
        th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f2f2f2}.bad{color:#a00000;font-weight:600}.muted{color:#666}
        code{font-size:.9em}.notice{background:#eef6ee;border:1px solid #9c9;padding:.4rem .6rem}
        form.action{display:inline-block;margin:.15rem .3rem .15rem 0}button{font:inherit;padding:.1rem .5rem}
        """;

    /// <summary>The page. With a <paramref name="csrf"/> token (a signed-in session) it carries the action buttons; <paramref name="notice"/> is the last action's outcome.</summary>
    public static string Render(StatusReport report, string? csrf = null, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        Open(html, "Courier status");
        html.Append("<h1>Courier status</h1><p class=\"muted\">")
            .Append(E($"{report.GeneratedAt:u} · {report.Mode} · instance {report.Instance} · schedules in {report.TimeZone}"))
            .Append("</p>");
        if (notice is not null) html.Append("<p class=\"notice\" role=\"status\" id=\"notice\">").Append(E(notice)).Append("</p>");
        if (csrf is null) html.Append("<p class=\"muted\">Read-only: sign in with the browser form to run jobs, re-drive items and change circuits.</p>");

        html.Append("<h2>Jobs</h2><table><thead><tr><th>job</th><th>schedule</th><th>last run</th><th>next fire</th><th>queues</th><th>last 24 h</th><th>twin</th></tr></thead><tbody>");
        foreach (var job in report.Jobs)
        {
            html.Append("<tr data-job=\"").Append(E(job.Job)).Append("\"><td><strong>").Append(E(job.Title)).Append("</strong><br><code>").Append(E(job.Job)).Append("</code>");
            if (!job.Built) html.Append("<br><span class=\"bad\">not built yet</span>");
            if (!job.Enabled) html.Append("<br><span class=\"bad\">timer disabled</span>");
            if (job.Error is not null) html.Append("<br><span class=\"bad\">").Append(E(job.Error)).Append("</span>");
            if (csrf is not null && job.Built) html.Append("<br>").Append(Form(csrf, StatusActions.Run, "Run now", ("job", job.Job)));
            html.Append("</td><td><code>").Append(E(job.Schedule)).Append("</code></td><td>").Append(Run(job.LastRun)).Append("</td><td>")
                .Append(job.NextFire is { } next ? E(next.ToString("u", CultureInfo.InvariantCulture)) : "<span class=\"muted\">—</span>")
                .Append("</td><td>").Append(Queues(job.Queues, csrf)).Append("</td><td>").Append(Chart(job.History)).Append("</td><td><code>")
                .Append(E(string.Join(",", job.Twin.Methods) + " " + job.Twin.Route)).Append("</code>")
                .Append(job.Twin.Enabled ? "" : " <span class=\"bad\">disabled</span>").Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        Problems(html, report);

        html.Append("<h2>Circuits</h2>");
        if (report.CircuitsError is not null) html.Append("<p class=\"bad\">").Append(E(report.CircuitsError)).Append("</p>");
        if (report.Circuits.Count == 0)
        {
            html.Append("<p class=\"muted\">No circuit has recorded a call yet.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>site</th><th>provider</th><th>state</th><th>failures</th><th>next probe</th><th>opened</th><th>updated</th>")
                .Append(csrf is null ? "" : "<th>actions</th>").Append("</tr></thead><tbody>");
            foreach (var c in report.Circuits)
            {
                var state = c.Isolated ? c.State + " (isolated)" : c.State;
                html.Append("<tr data-circuit=\"").Append(E(c.SiteId + "/" + c.ProviderKey)).Append("\"><td>").Append(E(c.SiteId)).Append("</td><td>").Append(E(c.ProviderKey)).Append("</td><td")
                    .Append(c.State == "CLOSED" ? ">" : " class=\"bad\">").Append("<span data-field=\"state\">").Append(E(state)).Append("</span>");
                // A held circuit says why its site waits: the reason code, and what failed.
                if (c.HoldReason is not null) html.Append("<br><strong>").Append(E(c.HoldReason)).Append("</strong>");
                if (c.HoldMessage is not null) html.Append("<br><span class=\"muted\">").Append(E(c.HoldMessage)).Append("</span>");
                html.Append("</td><td>").Append(c.FailureCount)
                    .Append("</td><td>").Append(c.NextProbeAt is { } p ? E(p.ToString("u", CultureInfo.InvariantCulture)) : "—")
                    .Append("</td><td>").Append(c.OpenCount).Append("</td><td>").Append(E(c.UpdatedAt.ToString("u", CultureInfo.InvariantCulture))).Append("</td>");
                if (csrf is not null)
                {
                    html.Append("<td>");
                    if (c.State != "CLOSED" || c.Isolated) html.Append(Form(csrf, StatusActions.Circuit, "Close", ("site", c.SiteId), ("provider", c.ProviderKey), ("op", "close")));
                    if (!c.Isolated) html.Append(Form(csrf, StatusActions.Circuit, "Isolate", ("site", c.SiteId), ("provider", c.ProviderKey), ("op", "isolate")));
                    html.Append("</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("<p class=\"muted\">The same data as JSON: <code>GET /api/status</code> with <code>Authorization: Bearer</code>.</p></body></html>");
        return html.ToString();
    }

    /// <summary>Failed and Unknown items of every queue, oldest first, with their reasons.</summary>
    private static void Problems(StringBuilder html, StatusReport report)
    {
        var rows = report.Jobs.SelectMany(j => j.Queues).SelectMany(q => q.Problems.Select(p => (q.Queue, p))).ToList();
        html.Append("<h2>Failed and unknown items</h2>");
        if (rows.Count == 0)
        {
            html.Append("<p class=\"muted\">None.</p>");
            return;
        }

        html.Append("<table><thead><tr><th>queue</th><th>item</th><th>state</th><th>reason</th><th>attempts</th><th>finished</th></tr></thead><tbody>");
        foreach (var (queue, item) in rows)
        {
            html.Append("<tr data-item=\"").Append(E(queue + "/" + item.Id)).Append("\"><td><code>").Append(E(queue)).Append("</code></td><td><code>").Append(E(item.Id)).Append("</code></td><td class=\"bad\">")
                .Append(E(item.State)).Append("</td><td>").Append(E(item.Reason ?? "")).Append("</td><td>").Append(item.Attempts)
                .Append("</td><td>").Append(E(item.FinishedAt.ToString("u", CultureInfo.InvariantCulture))).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>An action button: a POST form to <c>/status/actions/{action}</c> with the session's CSRF token.</summary>
    private static string Form(string csrf, string action, string label, params (string Name, string Value)[] fields)
    {
        var form = new StringBuilder();
        form.Append("<form class=\"action\" method=\"post\" action=\"/status/actions/").Append(E(action)).Append("\"><input type=\"hidden\" name=\"csrf\" value=\"").Append(E(csrf)).Append("\">");
        foreach (var (name, value) in fields) form.Append("<input type=\"hidden\" name=\"").Append(E(name)).Append("\" value=\"").Append(E(value)).Append("\">");
        form.Append("<button type=\"submit\">").Append(E(label)).Append("</button></form>");
        return form.ToString();
    }

    /// <summary>Items processed per hour as inline SVG bars (runs with a failure marked red); each bar's title gives the figures.</summary>
    private static string Chart(IReadOnlyList<RunHistoryBucket> history)
    {
        if (history.Count == 0) return "<span class=\"muted\">—</span>";
        const int BarWidth = 6, Height = 36;
        var peak = Math.Max(1, history.Max(h => Math.Max(h.Items, h.Runs)));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" width=\"{history.Count * (BarWidth + 1)}\" height=\"{Height}\" role=\"img\" aria-label=\"runs and items per hour, last 24 hours\">");
        for (var i = 0; i < history.Count; i++)
        {
            var h = history[i];
            var value = h.Items > 0 ? h.Items : h.Runs;
            var bar = value == 0 ? 1 : Math.Max(2, (int)Math.Round((double)value / peak * (Height - 2)));
            var colour = h.FailedRuns > 0 ? "#a00000" : value == 0 ? "#ddd" : "#3a6ea5";
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * (BarWidth + 1)}\" y=\"{Height - bar}\" width=\"{BarWidth}\" height=\"{bar}\" fill=\"{colour}\"><title>")
                .Append(E(string.Create(CultureInfo.InvariantCulture, $"{h.HourStart:yyyy-MM-dd HH}:00Z: {h.Runs} runs, {h.FailedRuns} not succeeded, {h.Items} items")))
                .Append("</title></rect>");
        }

        var total = history.Sum(h => h.Items);
        return svg.Append("</svg><br><span class=\"muted\">").Append(history.Sum(h => h.Runs)).Append(" runs, ").Append(total).Append(" items</span>").ToString();
    }

    /// <summary>The sign-in form; posts the secret to <c>/status/login</c>, which sets the session cookie.</summary>
    public static string Login(string? message)
    {
        var html = new StringBuilder();
        Open(html, "Courier status: sign in");
        html.Append("<h1>Courier status</h1>");
        if (message is not null) html.Append("<p class=\"bad\">").Append(E(message)).Append("</p>");
        html.Append("<form method=\"post\" action=\"/status/login\"><label>API secret <input type=\"password\" name=\"secret\" autocomplete=\"current-password\" required autofocus></label> ")
            .Append("<button type=\"submit\">Sign in</button></form><p class=\"muted\">The secret is checked once; the browser then keeps a signed session cookie.</p></body></html>");
        return html.ToString();
    }

    private static void Open(StringBuilder html, string title) =>
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>")
            .Append(E(title)).Append("</title><style>").Append(Style).Append("</style></head><body>");

    private static string Run(RunSummary? run)
    {
        if (run is null) return "<span class=\"muted\">never</span>";
        var text = new StringBuilder();
        text.Append(run.Outcome == "succeeded" || run.Outcome == "running" ? "" : "<span class=\"bad\">").Append(E(run.Outcome))
            .Append(run.Outcome == "succeeded" || run.Outcome == "running" ? "" : "</span>")
            .Append(" · ").Append(E(run.Trigger)).Append("<br>").Append(E(run.StartedAt.ToString("u", CultureInfo.InvariantCulture)));
        if (run.Counts.Count > 0) text.Append("<br><span class=\"muted\">").Append(E(string.Join(", ", run.Counts.Select(c => $"{c.Key} {c.Value}")))).Append("</span>");
        if (run.Error is not null) text.Append("<br><span class=\"bad\">").Append(E(run.Error)).Append("</span>");
        return text.ToString();
    }

    private static string Queues(IReadOnlyList<QueueStatus> queues, string? csrf)
    {
        if (queues.Count == 0) return "<span class=\"muted\">—</span>";
        var text = new StringBuilder();
        foreach (var q in queues)
        {
            text.Append("<code>").Append(E(q.Queue)).Append("</code>: ");
            var shown = q.Depth.Where(d => d.Value > 0).ToList();
            if (shown.Count == 0) text.Append("empty");
            text.Append(string.Join(", ", shown.Select(d => $"{E(d.Key)} <span data-figure=\"{E(q.Queue + "/" + d.Key)}\">{d.Value}</span>")));
            if (q.OldestDueAgeSeconds is { } age) text.Append("<br><span class=\"muted\">oldest due ").Append(E(TimeSpan.FromSeconds(Math.Round(age)).ToString("c", CultureInfo.InvariantCulture))).Append(" ago</span>");
            if (q.Unknown > 0) text.Append("<br><span class=\"bad\">").Append(q.Unknown).Append(" unknown outcome</span>");
            if (csrf is not null)
            {
                foreach (var kind in q.Problems.GroupBy(p => p.Kind, StringComparer.Ordinal))
                    text.Append("<br>").Append(Form(csrf, StatusActions.Redrive, $"Re-drive {kind.First().State}", ("queue", q.Queue), ("state", kind.Key)));
            }

            text.Append("<br>");
        }

        return text.ToString();
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
