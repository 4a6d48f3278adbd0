//! The completion chart, drawn on the server as SVG: readable without JavaScript, and
//! labelled with its figures so that nothing depends on colour alone. The page puts a
//! table with the same figures beside it as the text alternative.

use std::fmt::Write;

use super::Counts;

const WIDTH: u32 = 640;
const LABEL: u32 = 220;
const ROW: u32 = 30;
const BAR: u32 = 18;
const FIGURE: u32 = 110;

/// A horizontal bar per entry, its length the completion rate, with the rate and counts
/// written beside it. `labels` are trusted to nothing: they are escaped.
pub fn completion_bars(title: &str, description: &str, bars: &[(String, Counts)]) -> String {
    let height = ROW * bars.len().max(1) as u32 + 10;
    let track = WIDTH - LABEL - FIGURE;
    let mut svg = String::with_capacity(256 + bars.len() * 420);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-labelledby="chart-title chart-desc"><title id="chart-title">{}</title><desc id="chart-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
    for (i, (label, counts)) in bars.iter().enumerate() {
        let y = 5 + ROW * i as u32;
        let rate = counts.rate().value() as u32;
        let filled = track * rate / 100;
        let short = shorten(label, 30);
        let _ = write!(
            svg,
            r#"<g><title>{full}: {rate}% ({done}/{all})</title><text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{short}</text><rect x="{LABEL}" y="{y}" width="{track}" height="{BAR}" class="chart-track"/><rect x="{LABEL}" y="{y}" width="{filled}" height="{BAR}" class="chart-bar"/><text x="{fx}" y="{ty}" class="chart-figure">{rate}% ({done}/{all})</text></g>"#,
            full = escape(label),
            short = escape(&short),
            done = counts.completed,
            all = counts.enrolled,
            lx = LABEL - 8,
            ty = y + BAR - 4,
            fx = LABEL + track + 8,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One group on the change chart: its label, the mean before and after on a 0–100 scale,
/// and the figures as written beside it.
pub struct Change {
    pub label: String,
    pub before: f64,
    pub after: f64,
    pub figure: String,
}

/// A line per group from the mean before (a hollow circle) to the mean after (a filled
/// one) on a 0–100 track: the shapes, not colours, tell them apart, and the figures are
/// written beside each line.
pub fn change_lines(title: &str, description: &str, rows: &[Change]) -> String {
    let height = ROW * rows.len().max(1) as u32 + 10;
    let track = WIDTH - LABEL - FIGURE;
    let at = |v: f64| f64::from(LABEL) + f64::from(track) * v.clamp(0.0, 100.0) / 100.0;
    let mut svg = String::with_capacity(256 + rows.len() * 520);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-labelledby="change-title change-desc"><title id="change-title">{}</title><desc id="change-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
    for (i, row) in rows.iter().enumerate() {
        let y = 5 + ROW * i as u32;
        let mid = f64::from(y + BAR / 2);
        let (x0, x1) = (at(row.before), at(row.after));
        let _ = write!(
            svg,
            r#"<g><title>{full}: {figure}</title><text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{short}</text><rect x="{LABEL}" y="{y}" width="{track}" height="{BAR}" class="chart-track"/><line x1="{x0:.1}" y1="{mid}" x2="{x1:.1}" y2="{mid}" class="chart-change"/><circle cx="{x0:.1}" cy="{mid}" r="5" class="chart-before"/><circle cx="{x1:.1}" cy="{mid}" r="5" class="chart-after"/><text x="{fx}" y="{ty}" class="chart-figure">{figure}</text></g>"#,
            full = escape(&row.label),
            short = escape(&shorten(&row.label, 30)),
            figure = escape(&row.figure),
            lx = LABEL - 8,
            ty = y + BAR - 4,
            fx = LABEL + track + 8,
        );
    }
    svg.push_str("</svg>");
    svg
}

fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_owned()
    } else {
        let mut s: String = label.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
