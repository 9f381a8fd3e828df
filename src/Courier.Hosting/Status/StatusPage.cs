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
        code{font-size:.9em}
        """;

    public static string Render(StatusReport report)
    {
        var html = new StringBuilder();
        Open(html, "Courier status");
        html.Append("<h1>Courier status</h1><p class=\"muted\">")
            .Append(E($"{report.GeneratedAt:u} · {report.Mode} · instance {report.Instance} · schedules in {report.TimeZone}"))
            .Append("</p>");

        html.Append("<h2>Jobs</h2><table><thead><tr><th>job</th><th>schedule</th><th>last run</th><th>next fire</th><th>queues</th><th>twin</th></tr></thead><tbody>");
        foreach (var job in report.Jobs)
        {
            html.Append("<tr><td><strong>").Append(E(job.Title)).Append("</strong><br><code>").Append(E(job.Job)).Append("</code>");
            if (!job.Built) html.Append("<br><span class=\"bad\">not built yet</span>");
            if (!job.Enabled) html.Append("<br><span class=\"bad\">timer disabled</span>");
            if (job.Error is not null) html.Append("<br><span class=\"bad\">").Append(E(job.Error)).Append("</span>");
            html.Append("</td><td><code>").Append(E(job.Schedule)).Append("</code></td><td>").Append(Run(job.LastRun)).Append("</td><td>")
                .Append(job.NextFire is { } next ? E(next.ToString("u", CultureInfo.InvariantCulture)) : "<span class=\"muted\">—</span>")
                .Append("</td><td>").Append(Queues(job.Queues)).Append("</td><td><code>")
                .Append(E(string.Join(",", job.Twin.Methods) + " " + job.Twin.Route)).Append("</code>")
                .Append(job.Twin.Enabled ? "" : " <span class=\"bad\">disabled</span>").Append("</td></tr>");
        }

        html.Append("</tbody></table><h2>Circuits</h2>");
        if (report.CircuitsError is not null) html.Append("<p class=\"bad\">").Append(E(report.CircuitsError)).Append("</p>");
        if (report.Circuits.Count == 0)
        {
            html.Append("<p class=\"muted\">No circuit has recorded a call yet.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>site</th><th>provider</th><th>state</th><th>failures</th><th>next probe</th><th>opened</th><th>updated</th></tr></thead><tbody>");
            foreach (var c in report.Circuits)
            {
                var state = c.Isolated ? c.State + " (isolated)" : c.State;
                html.Append("<tr><td>").Append(E(c.SiteId)).Append("</td><td>").Append(E(c.ProviderKey)).Append("</td><td")
                    .Append(c.State == "CLOSED" ? ">" : " class=\"bad\">").Append(E(state));
                // A held circuit says why its site waits: the reason code, and what failed.
                if (c.HoldReason is not null) html.Append("<br><strong>").Append(E(c.HoldReason)).Append("</strong>");
                if (c.HoldMessage is not null) html.Append("<br><span class=\"muted\">").Append(E(c.HoldMessage)).Append("</span>");
                html.Append("</td><td>").Append(c.FailureCount)
                    .Append("</td><td>").Append(c.NextProbeAt is { } p ? E(p.ToString("u", CultureInfo.InvariantCulture)) : "—")
                    .Append("</td><td>").Append(c.OpenCount).Append("</td><td>").Append(E(c.UpdatedAt.ToString("u", CultureInfo.InvariantCulture))).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("<p class=\"muted\">The same data as JSON: <code>GET /api/status</code> with <code>Authorization: Bearer</code>.</p></body></html>");
        return html.ToString();
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

    private static string Queues(IReadOnlyList<QueueStatus> queues)
    {
        if (queues.Count == 0) return "<span class=\"muted\">—</span>";
        var text = new StringBuilder();
        foreach (var q in queues)
        {
            text.Append("<code>").Append(E(q.Queue)).Append("</code>: ")
                .Append(E(string.Join(", ", q.Depth.Where(d => d.Value > 0).Select(d => $"{d.Key} {d.Value}")) is { Length: > 0 } depth ? depth : "empty"));
            if (q.OldestDueAgeSeconds is { } age) text.Append("<br><span class=\"muted\">oldest due ").Append(E(TimeSpan.FromSeconds(Math.Round(age)).ToString("c", CultureInfo.InvariantCulture))).Append(" ago</span>");
            if (q.Unknown > 0) text.Append("<br><span class=\"bad\">").Append(q.Unknown).Append(" unknown outcome</span>");
            text.Append("<br>");
        }

        return text.ToString();
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
