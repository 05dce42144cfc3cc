namespace Flotilla.LoadTest.Report;

/// <summary>
/// The report's stylesheet, inlined: the page must render offline from a single file, so no
/// web fonts either; the font stack ends in fonts every desktop has.
/// </summary>
internal static class ReportStyles
{
    public const string Css = """
        :root { color-scheme: light; --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --good: #15803d; --bad: #b91c1c; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f3f4f6; color: var(--ink);
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        .page { max-width: 1080px; margin: 0 auto; padding: 24px 20px 40px; }
        header, section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 16px; overflow-x: auto; }
        h1 { font-size: 22px; margin: 0 0 6px; }
        h2 { font-size: 17px; margin: 0 0 12px; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 13px; }
        .target { margin: 0 0 10px; overflow-wrap: anywhere; }
        .target code { font-size: 15px; }
        .label, dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .verdict { display: inline-block; margin: 0 0 12px; padding: 6px 12px; border-radius: 6px; font-weight: 600; }
        .verdict.pass { background: #dcfce7; color: var(--good); }
        .verdict.fail { background: #fee2e2; color: var(--bad); }
        .verdict.neutral { background: #f3f4f6; color: var(--muted); }
        dl.run { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 10px 20px; margin: 0; }
        dl.run .wide { grid-column: span 2; }
        dl.run dd { margin: 2px 0 0; font-size: 15px; font-weight: 600; font-variant-numeric: tabular-nums; }
        table { border-collapse: collapse; width: 100%; margin: 0 0 12px; font-variant-numeric: tabular-nums; }
        th, td { padding: 6px 10px; text-align: left; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 12px; color: var(--muted); font-weight: 600; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #f9fafb; }
        .num { text-align: right; white-space: nowrap; }
        td.metric { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 13px; white-space: nowrap; }
        table.counters { width: auto; min-width: 60%; }
        .good { color: var(--good); }
        .bad { color: var(--bad); font-weight: 600; }
        .muted, .none { color: var(--muted); }
        .none { margin: 0; }
        code.body { white-space: pre-wrap; overflow-wrap: anywhere; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
        .badge.pass { background: #dcfce7; color: var(--good); }
        .badge.fail { background: #fee2e2; color: var(--bad); }
        figure { margin: 0 0 16px; }
        figure:last-child { margin-bottom: 0; }
        svg.chart { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
        svg.chart text { font-family: system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; fill: #374151; }
        svg.chart .chart-title { font-size: 15px; font-weight: 600; fill: var(--ink); }
        svg.chart .legend { font-size: 12px; }
        svg.chart .legend-swatch { stroke-width: 3; }
        svg.chart .tick { font-size: 11px; fill: #4b5563; }
        svg.chart .axis-title { font-size: 12px; fill: var(--muted); }
        svg.chart .grid { stroke: #eef0f3; stroke-width: 1; }
        svg.chart .axis { stroke: #9ca3af; stroke-width: 1; }
        svg.chart .marker { stroke-width: 2; }
        svg.chart .marker-halo { stroke-width: 4; }
        svg.chart .marker-label { font-size: 11px; font-weight: 700; fill: var(--ink); paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
        td.offset { white-space: nowrap; }
        svg.chart .empty-message { font-size: 14px; fill: var(--muted); }
        footer { color: var(--muted); font-size: 12px; text-align: center; }
        @media print { body { background: #fff; } header, section { break-inside: avoid; border: none; } }
        """;
}
