//! Trend charts: theme frequency across report issues, drawn as PNG line charts.
//!
//! This module owns everything about turning a [`TrendChart`] into a picture:
//!
//! * the embedded CJK font (WenQuanYi Micro Hei, `assets/fonts/wqy-microhei.ttc`,
//!   Apache-2.0 or GPL-3+ with font exception) and its one-time registration with
//!   plotters' `ab_glyph` text renderer ([`ensure_font`]), so Chinese titles, axis
//!   names and legend labels render on a machine with no CJK font installed;
//! * the layout: title on top, the points' labels (issue dates `YYYY-MM-DD`, months
//!   `2025-12`, quarters `2025 Q4`, thinned so they never overlap) along x, values
//!   from 0 to a little above the maximum along y, one coloured line with point
//!   markers per series (a fixed 12-colour palette combined with 4 marker shapes), and
//!   a legend in its own column right of the plot. Points go on a time axis, or
//!   evenly in order, each labelled with its date and issue, when two would be drawn
//!   on top of each other ([`XAxis`]);
//! * writing the PNG atomically ([`render_png`]): the image is drawn into a temporary
//!   file beside the target and renamed over it only once complete.
//!
//! Odd input never panics: non-finite values are skipped, empty or very long labels
//! are shown as a placeholder or shortened with "…", and a chart with nothing to plot
//! is an [`Error::Chart`] that says so.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};

use crate::error::{Error, Result};
use crate::io::Staged;

/// The plotters font family under which the embedded CJK font is registered.
///
/// [`ensure_font`] also registers it as `"sans-serif"`, plotters' default family, so
/// any text drawn without an explicit family still gets CJK glyphs.
pub const FONT_FAMILY: &str = "yuqing-wqy-microhei";

/// WenQuanYi Micro Hei (face 0 of the collection is the proportional face).
static FONT_BYTES: &[u8] = include_bytes!("../assets/fonts/wqy-microhei.ttc");

/// Where the embedded font came from, for error messages.
const FONT_SOURCE: &str = "assets/fonts/wqy-microhei.ttc";

/// One place along the x axis: an issue, or a month or quarter of issues.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartPoint {
    /// Where the point lies on the time axis (for a month or quarter, its first day).
    pub date: NaiveDate,
    /// What the axis says under it, e.g. "2025-12-19", "2025-12" or "2025 Q4".
    /// Empty: the date as `YYYY-MM-DD`.
    pub label: String,
    /// A second line under the label when the points are evenly spaced (see
    /// [`XAxis::Even`]), e.g. "第654期"; may be empty.
    pub issue: String,
}

impl ChartPoint {
    /// A point labelled with its date, `YYYY-MM-DD`.
    pub fn on(date: NaiveDate) -> ChartPoint {
        ChartPoint {
            date,
            ..ChartPoint::default()
        }
    }
}

/// How the points are placed along x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XAxis {
    /// By date, so that distances show the time between points.
    Time,
    /// Evenly, in date order, each labelled with its date and issue (or every
    /// n-th, when there are many): chosen when two consecutive points would be
    /// closer on a time axis than a marker is wide, so that no point hides
    /// another (a week apart on an axis of years, or two issues of one day).
    Even,
}

/// How [`render_png`] laid the chart out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartLayout {
    pub x_axis: XAxis,
    /// The points labelled under the axis, as indices into [`TrendChart::points`],
    /// left to right.
    pub labelled: Vec<usize>,
}

/// One line of the chart: a theme (or any label) and its value at each point.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrendSeries {
    /// Legend label, e.g. "互联网医院". Empty labels are shown as a placeholder.
    pub label: String,
    /// The value at each of [`TrendChart::points`], in the same order. A value that
    /// is not finite or missing (no value at that point) leaves a gap in the line;
    /// the point stays on the axis.
    pub values: Vec<f64>,
}

/// A whole trend chart: title, axis names, the points along x and the series to draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrendChart {
    /// Title above the plot, e.g. "卫生信息化舆情主题趋势（第654期–第655期）".
    pub title: String,
    /// Name of the x axis, e.g. "期刊日期".
    pub x_label: String,
    /// Name of the y axis, e.g. "文章数" or "占比 (%)".
    pub y_label: String,
    /// The points along the x axis, in any order (they are drawn by date).
    pub points: Vec<ChartPoint>,
    /// The lines to draw; up to 12 get distinct colours, after that colours repeat
    /// with a different marker shape.
    pub series: Vec<TrendSeries>,
}

/// Output size in pixels. Font sizes and line widths scale with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartStyle {
    /// Image width in pixels ([`MIN_SIDE`]–[`MAX_SIDE`]).
    pub width: u32,
    /// Image height in pixels ([`MIN_SIDE`]–[`MAX_SIDE`]).
    pub height: u32,
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle {
            width: 1600,
            height: 900,
        }
    }
}

/// Smallest accepted image side, in pixels: below it the title, the axis
/// labels and the legend no longer fit.
pub const MIN_SIDE: u32 = 320;
/// Largest accepted image side, in pixels: 8000×8000 takes about 200 MB while
/// it is drawn.
pub const MAX_SIDE: u32 = 8000;

/// The accepted sides, in words (kept equal to [`MIN_SIDE`] and [`MAX_SIDE`]
/// by a test).
const SIDE_RANGE: &str = "each side of a chart must be from 320 to 8000 pixels";

/// Fixed palette: Tableau 10 plus near-black and navy. Colours repeat after 12
/// series; the marker shape cycles every series, so repeats still differ.
const PALETTE: [RGBColor; 12] = [
    RGBColor(31, 119, 180),  // blue
    RGBColor(255, 127, 14),  // orange
    RGBColor(44, 160, 44),   // green
    RGBColor(214, 39, 40),   // red
    RGBColor(148, 103, 189), // purple
    RGBColor(140, 86, 75),   // brown
    RGBColor(227, 119, 194), // pink
    RGBColor(127, 127, 127), // grey
    RGBColor(188, 189, 34),  // olive
    RGBColor(23, 190, 207),  // cyan
    RGBColor(34, 34, 34),    // near-black
    RGBColor(0, 0, 128),     // navy
];

const TEXT_COLOR: RGBColor = RGBColor(33, 33, 33);
const AXIS_TEXT: RGBColor = RGBColor(70, 70, 70);
const AXIS_COLOR: RGBColor = RGBColor(90, 90, 90);
const GRID_COLOR: RGBColor = RGBColor(225, 225, 225);
const LEGEND_BORDER: RGBColor = RGBColor(200, 200, 200);
const LEGEND_FILL: RGBColor = RGBColor(250, 250, 250);

/// Registers the embedded CJK font with plotters, once per process.
///
/// Safe to call any number of times from any thread; [`render_png`] calls it itself.
/// The font is registered as [`FONT_FAMILY`] and as `"sans-serif"`.
pub fn ensure_font() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES).is_ok()
            && register_font("sans-serif", FontStyle::Normal, FONT_BYTES).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Chart {
            path: PathBuf::from(FONT_SOURCE),
            message: "the embedded font is not a valid TrueType/OpenType font; \
                      rebuild yuqing from an unmodified source tree"
                .to_string(),
        })
    }
}

/// Draws `chart` as a PNG of `style.width` × `style.height` pixels at `path`.
///
/// The parent directory is created if missing. The image is written to a hidden
/// temporary `.yuqing-*.png` file in the same directory, flushed to disk, and
/// renamed over `path` only when complete, so `path` is never half-written: a failed
/// or interrupted run leaves any previous file there untouched. On an error the
/// temporary file is removed; only a killed process can leave one behind.
///
/// Errors: [`Error::Chart`] when there is nothing to plot (no series, or no finite
/// values) or drawing fails, [`Error::InvalidParam`] for an image side outside
/// [`MIN_SIDE`]–[`MAX_SIDE`] pixels, [`Error::Io`] when the directory or file cannot
/// be written.
pub fn render_png(chart: &TrendChart, style: &ChartStyle, path: &Path) -> Result<ChartLayout> {
    let mut out = Staged::new();
    let layout = stage_png(chart, style, path, &mut out)?;
    out.commit()?;
    Ok(layout)
}

/// [`render_png`] into `out`: the PNG is drawn in full now, and put in place at
/// `path` by [`Staged::commit`], with the outputs it belongs with.
pub fn stage_png(
    chart: &TrendChart,
    style: &ChartStyle,
    path: &Path,
    out: &mut Staged,
) -> Result<ChartLayout> {
    for (name, value) in [("width", style.width), ("height", style.height)] {
        if !(MIN_SIDE..=MAX_SIDE).contains(&value) {
            return Err(Error::InvalidParam {
                name,
                value: value.to_string(),
                expected: SIDE_RANGE,
            });
        }
    }
    let data = PlotData::from_chart(chart).ok_or_else(|| Error::Chart {
        path: path.to_path_buf(),
        message: format!(
            "nothing to plot: {}; check that the selected issues and themes matched any \
             articles, or widen the issue range",
            if chart.series.is_empty() {
                "the chart has no series"
            } else {
                "no series has a finite value at any point"
            }
        ),
    })?;
    ensure_font()?;
    out.write_file(path, |tmp| {
        draw_chart(chart, &data, style, tmp).map_err(|message| Error::Chart {
            path: path.to_path_buf(),
            message,
        })
    })
}

// ---------------------------------------------------------------------------------
// Data preparation
// ---------------------------------------------------------------------------------

/// A series reduced to what is drawn: runs of finite points, each a position in
/// [`PlotData::days`] and a value. A value that is not finite (a point with no
/// value, such as the share of an issue with no counted article) ends a run: the
/// line has a gap.
struct PlotSeries {
    label: String,
    runs: Vec<Vec<(usize, f64)>>,
}

/// The validated, numeric form of a chart.
struct PlotData {
    series: Vec<PlotSeries>,
    /// Day (since CE) of every point, sorted, so that a point without a value
    /// still has its place on the axis.
    days: Vec<i32>,
    /// The label of each point, in the order of `days`.
    labels: Vec<String>,
    /// The second label line of each point (its issue), in the order of `days`.
    issues: Vec<String>,
    /// The index in [`TrendChart::points`] of each point, in the order of `days`.
    order: Vec<usize>,
    y_min: f64,
    y_max: f64,
    /// Every value is a whole number (counts): y ticks step by at least 1.
    integral: bool,
}

/// Values beyond this magnitude are clamped so axis arithmetic stays finite.
const VALUE_LIMIT: f64 = 1e200;

impl PlotData {
    /// `None` when there is nothing to draw.
    fn from_chart(chart: &TrendChart) -> Option<PlotData> {
        // Points by date; points of one date keep their order.
        let mut order: Vec<usize> = (0..chart.points.len()).collect();
        order.sort_by_key(|&i| chart.points[i].date);
        let days: Vec<i32> = order
            .iter()
            .map(|&i| chart.points[i].date.num_days_from_ce())
            .collect();
        let labels: Vec<String> = order
            .iter()
            .map(|&i| {
                let p = &chart.points[i];
                match clean(&p.label) {
                    l if l.is_empty() => p.date.format("%Y-%m-%d").to_string(),
                    l => l,
                }
            })
            .collect();
        let issues: Vec<String> = order
            .iter()
            .map(|&i| clean(&chart.points[i].issue))
            .collect();
        let mut finite = false;
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut integral = true;
        let series: Vec<PlotSeries> = chart
            .series
            .iter()
            .map(|s| {
                let mut runs: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
                for (k, &i) in order.iter().enumerate() {
                    let v = s.values.get(i).copied().unwrap_or(f64::NAN);
                    if !v.is_finite() {
                        runs.push(Vec::new());
                        continue;
                    }
                    let v = v.clamp(-VALUE_LIMIT, VALUE_LIMIT);
                    finite = true;
                    lo = lo.min(v);
                    hi = hi.max(v);
                    integral &= v.fract() == 0.0;
                    runs.last_mut().expect("one run").push((k, v));
                }
                runs.retain(|r| !r.is_empty());
                PlotSeries {
                    label: s.label.clone(),
                    runs,
                }
            })
            .collect();
        if !finite {
            return None;
        }
        // y from 0 (or below, for negative values) to a little above the maximum.
        let y_max = if hi > 0.0 { hi * 1.1 } else { 1.0 };
        let y_min = if lo < 0.0 { lo * 1.1 } else { 0.0 };
        Some(PlotData {
            series,
            days,
            labels,
            issues,
            order,
            y_min,
            y_max,
            integral,
        })
    }
}

// ---------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------

/// Left side bearings of the embedded font, read from its `cmap` (format 12) and
/// `hmtx` tables.
///
/// plotters 0.3.7's `ab_glyph` renderer draws every glyph with its ink box flush at the
/// pen position, ignoring the glyph's left side bearing. For CJK text that leaves
/// visible gaps after narrow glyphs (日 in 期刊日期) and after opening brackets
/// (（ in a title). [`draw_label`] draws text one glyph at a time and adds the bearing
/// back, computed exactly as ab_glyph does: `floor(lsb × size / (ascent − descent))`.
struct Bearings {
    cmap12: &'static [u8],
    hmtx: &'static [u8],
    num_h_metrics: usize,
    height_units: f32,
}

fn be_u16(d: &[u8], at: usize) -> Option<u16> {
    let b = d.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

fn be_i16(d: &[u8], at: usize) -> Option<i16> {
    be_u16(d, at).map(|v| v as i16)
}

fn be_u32(d: &[u8], at: usize) -> Option<u32> {
    let b = d.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

impl Bearings {
    /// The bearings of the embedded font, parsed once; `None` if its tables are not
    /// what this reader understands (then text is drawn as plotters draws it).
    fn get() -> Option<&'static Bearings> {
        static B: OnceLock<Option<Bearings>> = OnceLock::new();
        B.get_or_init(|| Bearings::parse(FONT_BYTES)).as_ref()
    }

    fn parse(font: &'static [u8]) -> Option<Bearings> {
        // A collection uses its first face, as `FontRef::try_from_slice` does.
        let face = if font.get(0..4)? == b"ttcf" {
            be_u32(font, 12)? as usize
        } else {
            0
        };
        let num_tables = usize::from(be_u16(font, face.checked_add(4)?)?);
        let table = |tag: &[u8; 4]| -> Option<&'static [u8]> {
            (0..num_tables).find_map(|i| {
                let rec = face + 12 + 16 * i;
                if font.get(rec..rec + 4)? != tag {
                    return None;
                }
                let off = be_u32(font, rec + 8)? as usize;
                let len = be_u32(font, rec + 12)? as usize;
                font.get(off..off.checked_add(len)?)
            })
        };
        let hhea = table(b"hhea")?;
        let height_units = f32::from(be_i16(hhea, 4)?) - f32::from(be_i16(hhea, 6)?);
        let num_h_metrics = usize::from(be_u16(hhea, 34)?);
        let hmtx = table(b"hmtx")?;
        let cmap = table(b"cmap")?;
        let cmap12 = (0..usize::from(be_u16(cmap, 2)?)).find_map(|i| {
            let rec = 4 + 8 * i;
            let (platform, encoding) = (be_u16(cmap, rec)?, be_u16(cmap, rec + 2)?);
            let off = be_u32(cmap, rec + 4)? as usize;
            let unicode_full =
                (platform == 3 && encoding == 10) || (platform == 0 && encoding == 4);
            if unicode_full && be_u16(cmap, off)? == 12 {
                cmap.get(off..)
            } else {
                None
            }
        })?;
        (height_units > 0.0 && num_h_metrics > 0).then_some(Bearings {
            cmap12,
            hmtx,
            num_h_metrics,
            height_units,
        })
    }

    /// Glyph id of `c`; 0 (.notdef) when the font does not map it.
    fn glyph(&self, c: char) -> usize {
        let c = c as u32;
        let groups = be_u32(self.cmap12, 12).unwrap_or(0) as usize;
        let (mut lo, mut hi) = (0usize, groups);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = 16 + 12 * mid;
            let (Some(start), Some(end), Some(first)) = (
                be_u32(self.cmap12, at),
                be_u32(self.cmap12, at + 4),
                be_u32(self.cmap12, at + 8),
            ) else {
                return 0;
            };
            if c < start {
                hi = mid;
            } else if c > end {
                lo = mid + 1;
            } else {
                return (first + (c - start)) as usize;
            }
        }
        0
    }

    fn lsb_units(&self, glyph: usize) -> i16 {
        let at = if glyph < self.num_h_metrics {
            glyph * 4 + 2
        } else {
            self.num_h_metrics * 4 + (glyph - self.num_h_metrics) * 2
        };
        be_i16(self.hmtx, at).unwrap_or(0)
    }

    #[cfg(test)]
    fn advance_units(&self, glyph: usize) -> u16 {
        be_u16(self.hmtx, glyph.min(self.num_h_metrics - 1) * 4).unwrap_or(0)
    }

    /// Left side bearing of `c` in whole pixels at `size`, rounded like ab_glyph.
    fn lsb_px(&self, c: char, size: f64) -> i32 {
        let scale = size as f32 / self.height_units;
        (f32::from(self.lsb_units(self.glyph(c))) * scale).floor() as i32
    }
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Replaces control characters (newlines, tabs…) by spaces and trims.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Width of `text` in pixels as plotters lays it out.
fn text_width(area: &Area, text: &str, font: &TextStyle) -> Result<i32, String> {
    if text.is_empty() {
        return Ok(0);
    }
    Ok(area.estimate_text_size(text, font).map_err(err)?.0 as i32)
}

/// `text`, shortened with "…" to fit in `max_w` pixels.
fn fit_text(area: &Area, text: &str, font: &TextStyle, max_w: i32) -> Result<String, String> {
    if text_width(area, text, font)? <= max_w {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    // Largest prefix length with prefix + "…" fitting, by binary search.
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().chain(['…'].iter()).collect();
        if text_width(area, &candidate, font)? <= max_w {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(chars[..lo].iter().chain(['…'].iter()).collect())
}

/// Draws one line of horizontal text anchored at `pos`, placing each glyph at its
/// side bearing (see [`Bearings`]).
fn draw_label(
    area: &Area,
    text: &str,
    font: &TextStyle,
    pos: (i32, i32),
    h: HPos,
    v: VPos,
) -> Result<(), String> {
    let width = text_width(area, text, font)?;
    let x0 = match h {
        HPos::Left => pos.0,
        HPos::Center => pos.0 - width / 2,
        HPos::Right => pos.0 - width,
    };
    let glyph_font = font.pos(Pos::new(HPos::Left, v));
    let Some(bearings) = Bearings::get() else {
        return area.draw_text(text, &glyph_font, (x0, pos.1)).map_err(err);
    };
    let size = font.font.get_size();
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        // plotters places glyph k at trunc(sum of the previous advances), which is
        // exactly the estimated width of the prefix.
        let pen = text_width(area, &text[..at], font)?;
        let mut buf = [0u8; 4];
        area.draw_text(
            c.encode_utf8(&mut buf),
            &glyph_font,
            (x0 + pen + bearings.lsb_px(c, size), pos.1),
        )
        .map_err(err)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Axes
// ---------------------------------------------------------------------------------

/// A linear axis over `f64` with ticks chosen by the caller (issue dates for x, round
/// numbers for y). Labels are drawn by [`draw_chart`], not by plotters.
struct LinearAxis {
    start: f64,
    end: f64,
    ticks: Vec<f64>,
}

impl Ranged for LinearAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let len = self.end - self.start;
        if len.is_nan() || len <= 0.0 || !value.is_finite() {
            return (limit.0 + limit.1) / 2;
        }
        let t = ((value - self.start) / len).clamp(-1.0, 2.0);
        limit.0 + (f64::from(limit.1 - limit.0) * t).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.start..self.end
    }
}

impl ValueFormatter<f64> for LinearAxis {
    fn format(_value: &f64) -> String {
        String::new()
    }
}

fn format_value(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else if v.abs() >= 1e9 || v.abs() < 1e-3 {
        format!("{v:.2e}")
    } else if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Round tick values (steps of 1, 2 or 5 × 10ⁿ) covering `min..=max`, about `target`
/// of them; whole-number steps only when `integral`.
fn nice_ticks(min: f64, max: f64, target: f64, integral: bool) -> Vec<f64> {
    let span = max - min;
    if !span.is_finite() || span <= 0.0 {
        return vec![min];
    }
    let raw = span / target;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .find(|&s| s >= norm)
        .unwrap_or(10.0)
        * mag;
    if integral {
        step = step.max(1.0);
    }
    let first = (min / step).ceil();
    (0..=50)
        .map(|k| (first + f64::from(k)) * step)
        .take_while(|&v| v <= max + step * 1e-9)
        .map(|v| if v.abs() < step * 1e-9 { 0.0 } else { v })
        .collect()
}

/// Where the points go along x: the axis, each point's coordinate on it (its
/// day since CE, or its index when evenly spaced), the axis range and scale,
/// the coordinates that get a label, and the marker radius.
#[derive(Debug)]
struct XLayout {
    axis: XAxis,
    coords: Vec<i32>,
    start: f64,
    end: f64,
    px_per_unit: f64,
    labelled: Vec<i32>,
    /// Marker radius in pixels; markers are left out below 2.
    marker_r: f64,
}

/// Sizes in pixels that [`x_layout`] works with.
struct XSizes {
    /// Width of the plot.
    plot_w: f64,
    /// Widest label on a time axis, and on an even axis (date and issue lines).
    time_label_w: f64,
    even_label_w: f64,
    /// Room kept beside a label at either end of the axis, and between labels.
    end_pad: f64,
    label_gap: f64,
    /// Radius of a marker where points have room.
    full_r: f64,
}

/// Extent of a marker of radius `r` from its centre, halo included (the
/// triangle reaches 1.25 r).
fn marker_extent(r: f64) -> f64 {
    1.25 * r + (r / 3.0).max(1.0)
}

/// Lays out points at sorted `days` (at least one): on a time axis, unless two
/// consecutive points would be closer there than a marker is wide while evenly
/// spaced points would have room for markers, at least twice as much; then
/// evenly, in order. A regular archive is about evenly spaced on its time axis
/// already, and a long one is too dense for markers either way: both keep the
/// time axis, which shows gaps in publication.
fn x_layout(days: &[i32], z: &XSizes) -> XLayout {
    let n = days.len();
    // Labels pad the ends so that the first and last fit inside the plot.
    let pad_for = |label_w: f64, span: f64| {
        let half = label_w / 2.0 + z.end_pad;
        let room = (z.plot_w - 2.0 * half).max(z.plot_w * 0.2);
        half * span / room
    };
    // Evenly spaced: index k at k, ends padded by at least half a step.
    let even_pad = pad_for(z.even_label_w, (n - 1) as f64).max(0.5);
    let even_px = z.plot_w / ((n - 1) as f64 + 2.0 * even_pad);
    let even_r = z.full_r.min(even_px * 0.3);
    // On a time axis.
    let (first, last) = (f64::from(days[0]), f64::from(days[n - 1]));
    let span = last - first;
    let time_pad = if span <= 0.0 {
        3.0
    } else {
        pad_for(z.time_label_w, span).max(span * 0.02)
    };
    let time_px = z.plot_w / (span + 2.0 * time_pad);
    let closest = days
        .windows(2)
        .map(|w| f64::from(w[1] - w[0]) * time_px)
        .fold(f64::INFINITY, f64::min);
    // Closer than a marker is wide, and even spacing would at least double
    // their distance (a regular archive is evenly spaced already).
    let even = n > 1 && even_r >= 2.0 && closest < (2.0 * marker_extent(even_r)).min(even_px / 2.0);
    let (axis, coords, start, end, px, label_w, marker_r) = if even {
        let coords: Vec<i32> = (0..n as i32).collect();
        let end = (n - 1) as f64 + even_pad;
        (
            XAxis::Even,
            coords,
            -even_pad,
            end,
            even_px,
            z.even_label_w,
            even_r,
        )
    } else {
        let r = if n > 1 {
            z.full_r.min(time_px * span / (n - 1) as f64 * 0.3)
        } else {
            z.full_r
        };
        let (start, end) = (first - time_pad, last + time_pad);
        (
            XAxis::Time,
            days.to_vec(),
            start,
            end,
            time_px,
            z.time_label_w,
            r,
        )
    };
    let labelled = pick_ticks(&coords, (label_w + z.label_gap) / px);
    XLayout {
        axis,
        coords,
        start,
        end,
        px_per_unit: px,
        labelled,
        marker_r,
    }
}

/// Picks issue dates to label: left to right, each at least `min_gap` days after the
/// previous one, and the last issue date always labelled when there is room.
fn pick_ticks(days: &[i32], min_gap: f64) -> Vec<i32> {
    let mut out: Vec<i32> = Vec::new();
    for &d in days {
        if out.last().is_none_or(|&l| f64::from(d - l) >= min_gap) {
            out.push(d);
        }
    }
    if let (Some(&last), Some(&prev)) = (days.last(), out.last()) {
        if prev != last {
            // The previous pick is ≥ min_gap after its own predecessor, and so is `last`.
            if out.len() >= 2 {
                out.pop();
                out.push(last);
            } else if f64::from(last - prev) >= min_gap {
                out.push(last);
            }
        }
    }
    out
}

/// Issue dates that get no label (see [`pick_ticks`]) but a short tick of their own:
/// each at least `min_px` pixels from every labelled date and from the previous
/// such tick, so hundreds of issues give a bounded number of ticks.
fn unlabelled_ticks(days: &[i32], labelled: &[i32], px_per_day: f64, min_px: f64) -> Vec<i32> {
    let min_gap = min_px / px_per_day.max(f64::MIN_POSITIVE);
    let far = |a: i32, b: i32| f64::from((a - b).abs()) >= min_gap;
    let mut out: Vec<i32> = Vec::new();
    for &d in days {
        if labelled.iter().all(|&l| far(d, l)) && out.last().is_none_or(|&p| far(d, p)) {
            out.push(d);
        }
    }
    out
}

// ---------------------------------------------------------------------------------
// Lines and markers
// ---------------------------------------------------------------------------------

/// Marker shapes, cycled per series.
#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

impl Marker {
    fn for_series(i: usize) -> Marker {
        match i % 4 {
            0 => Marker::Circle,
            1 => Marker::Square,
            2 => Marker::Triangle,
            _ => Marker::Diamond,
        }
    }
}

fn series_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}

/// An anti-aliased polyline of constant `width` through backend pixel coordinates.
///
/// plotters fills wide lines as unsmoothed polygons whose thickness varies with the
/// slope; this draws each segment by pixel coverage instead. Joints are covered by
/// the markers drawn afterwards.
fn draw_polyline(
    area: &Area,
    pts: &[(i32, i32)],
    width: f64,
    color: RGBColor,
) -> Result<(), String> {
    let r = width / 2.0;
    for seg in pts.windows(2) {
        let a = (f64::from(seg[0].0), f64::from(seg[0].1));
        let b = (f64::from(seg[1].0), f64::from(seg[1].1));
        let steep = (b.1 - a.1).abs() > (b.0 - a.0).abs();
        // Walk the major axis u; the band of the minor axis v around the line.
        let (mut u0, mut v0, mut u1, mut v1) = if steep {
            (a.1, a.0, b.1, b.0)
        } else {
            (a.0, a.1, b.0, b.1)
        };
        if u0 > u1 {
            std::mem::swap(&mut u0, &mut u1);
            std::mem::swap(&mut v0, &mut v1);
        }
        let du = u1 - u0;
        let slope = if du > 0.0 { (v1 - v0) / du } else { 0.0 };
        let band = (r + 1.0) * (1.0 + slope * slope).sqrt();
        let (ustart, uend) = ((u0 - r - 1.0).floor() as i32, (u1 + r + 1.0).ceil() as i32);
        for u in ustart..=uend {
            let vc = v0 + slope * (f64::from(u).clamp(u0, u1) - u0);
            for v in ((vc - band).floor() as i32)..=((vc + band).ceil() as i32) {
                let p = if steep { (v, u) } else { (u, v) };
                let d = segment_distance((f64::from(p.0), f64::from(p.1)), a, b);
                let coverage = (r + 0.5 - d).clamp(0.0, 1.0);
                if coverage > 0.0 {
                    area.draw_pixel(p, &color.mix(coverage)).map_err(err)?;
                }
            }
        }
    }
    Ok(())
}

/// Draws a marker centred on backend pixel `at`, with a thin white halo.
fn draw_marker(
    area: &Area,
    at: (i32, i32),
    marker: Marker,
    r: i32,
    color: RGBColor,
) -> Result<(), String> {
    let halo = (r / 3).max(1);
    for (radius, style) in [(r + halo, WHITE.filled()), (r, color.filled())] {
        let anchor = EmptyElement::at(at);
        let f = f64::from(radius);
        let result = match marker {
            Marker::Circle => area.draw(&(anchor + Circle::new((0, 0), radius, style))),
            Marker::Square => {
                let h = (f * 0.85).round() as i32;
                area.draw(&(anchor + Rectangle::new([(-h, -h), (h, h)], style)))
            }
            Marker::Triangle => {
                let (t, x, y) = (
                    (f * 1.25).round() as i32,
                    (f * 1.1).round() as i32,
                    (f * 0.7).round() as i32,
                );
                area.draw(&(anchor + Polygon::new(vec![(0, -t), (x, y), (-x, y)], style)))
            }
            Marker::Diamond => {
                let d = (f * 1.2).round() as i32;
                area.draw(&(anchor + Polygon::new(vec![(0, -d), (d, 0), (0, d), (-d, 0)], style)))
            }
        };
        result.map_err(err)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------

/// Sizes are given for 1600×900 and scaled to the requested size.
struct Metrics {
    s: f64,
}

impl Metrics {
    fn new(style: &ChartStyle) -> Metrics {
        let s = (f64::from(style.width) / 1600.0).min(f64::from(style.height) / 900.0);
        Metrics { s: s.max(0.4) }
    }
    /// A length in pixels, at least 1.
    fn px(&self, base: f64) -> i32 {
        ((base * self.s).round() as i32).max(1)
    }
    fn font(&self, base: f64, color: &RGBColor) -> TextStyle<'static> {
        (FONT_FAMILY, base * self.s).into_font().color(color)
    }
}

fn draw_chart(
    chart: &TrendChart,
    data: &PlotData,
    style: &ChartStyle,
    file: &Path,
) -> Result<ChartLayout, String> {
    let m = Metrics::new(style);
    let root = BitMapBackend::new(file, (style.width, style.height)).into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = (style.width as i32, style.height as i32);
    let outer = m.px(24.0);

    let title_font = m.font(42.0, &TEXT_COLOR);
    let desc_font = m.font(26.0, &TEXT_COLOR);
    let tick_font = m.font(22.0, &AXIS_TEXT);
    let legend_font = m.font(24.0, &TEXT_COLOR);

    // --- Title -------------------------------------------------------------------
    let title_h = m.px(84.0);
    let title = clean(&chart.title);
    if !title.is_empty() {
        let title = fit_text(&root, &title, &title_font, w - 2 * outer)?;
        draw_label(
            &root,
            &title,
            &title_font,
            (w / 2, title_h / 2 + m.px(4.0)),
            HPos::Center,
            VPos::Center,
        )?;
    }

    // --- Legend column width ---------------------------------------------------------
    let sample_w = m.px(44.0);
    let pad = m.px(14.0);
    let labels: Vec<String> = data
        .series
        .iter()
        .map(|s| match clean(&s.label) {
            l if l.is_empty() => "（未命名）".to_string(),
            l => l,
        })
        .collect();
    let mut widest = 0;
    for l in &labels {
        widest = widest.max(text_width(&root, l, &legend_font)?);
    }
    let legend_w = (widest + 3 * pad + sample_w + outer).clamp(m.px(200.0), w * 3 / 10);
    let legend_x0 = w - legend_w;

    // --- Plot geometry ---------------------------------------------------------------
    let y_ticks = nice_ticks(data.y_min, data.y_max, 7.0, data.integral);
    let y_tick_labels: Vec<String> = y_ticks.iter().map(|&v| format_value(v)).collect();
    let mut y_label_w = 0;
    for l in &y_tick_labels {
        y_label_w = y_label_w.max(text_width(&root, l, &tick_font)?);
    }
    let tick_gap = m.px(10.0);
    let plot_left = outer + y_label_w + tick_gap + m.px(8.0);
    let plot_right = legend_x0 - m.px(16.0);
    let plot_top = title_h + m.px(52.0); // room above the plot for the y-axis name
    let plot_w = (plot_right - plot_left).max(10);

    // x: by date, or evenly with the issue under each date (see `x_layout`).
    let mut time_label_w = 0;
    let mut issue_w = 0;
    for (label, issue) in data.labels.iter().zip(&data.issues) {
        time_label_w = time_label_w.max(text_width(&root, label, &tick_font)?);
        issue_w = issue_w.max(text_width(&root, issue, &tick_font)?);
    }
    let full_r = 6.0 * m.s;
    let xl = x_layout(
        &data.days,
        &XSizes {
            plot_w: f64::from(plot_w),
            time_label_w: f64::from(time_label_w),
            even_label_w: f64::from(time_label_w.max(issue_w)),
            end_pad: f64::from(m.px(10.0)),
            label_gap: f64::from(m.px(28.0)),
            full_r,
        },
    );
    let two_lines = xl.axis == XAxis::Even && issue_w > 0;
    // Room below for the labels and the x-axis name.
    let plot_bottom = h - m.px(if two_lines { 128.0 } else { 100.0 });
    let (x_start, x_end) = (xl.start, xl.end);
    let x_ticks: Vec<f64> = xl.labelled.iter().copied().map(f64::from).collect();
    // The first point at an axis coordinate.
    let point_at = |c: i32| {
        xl.coords
            .partition_point(|&v| v < c)
            .min(xl.coords.len() - 1)
    };

    let plot_area = root.clone().shrink(
        (plot_left, plot_top),
        (
            (plot_right - plot_left).max(1) as u32,
            (plot_bottom - plot_top).max(1) as u32,
        ),
    );
    let mut ctx = ChartBuilder::on(&plot_area)
        .build_cartesian_2d(
            LinearAxis {
                start: x_start,
                end: x_end,
                ticks: x_ticks.clone(),
            },
            LinearAxis {
                start: data.y_min,
                end: data.y_max,
                ticks: y_ticks.clone(),
            },
        )
        .map_err(err)?;
    ctx.configure_mesh()
        .bold_line_style(GRID_COLOR.stroke_width(m.px(1.0) as u32))
        .light_line_style(TRANSPARENT)
        .axis_style(TRANSPARENT)
        .set_all_tick_mark_size(0)
        .draw()
        .map_err(err)?;
    // Axis lines: the x axis at y = 0 (the bottom unless there are negative values).
    let axis_style = AXIS_COLOR.stroke_width(m.px(2.0) as u32);
    let y0 = ctx
        .backend_coord(&(x_start, 0.0f64.clamp(data.y_min, data.y_max)))
        .1;
    root.draw(&PathElement::new(
        vec![(plot_left, y0), (plot_right, y0)],
        axis_style,
    ))
    .map_err(err)?;
    root.draw(&PathElement::new(
        vec![(plot_left, plot_top), (plot_left, plot_bottom)],
        axis_style,
    ))
    .map_err(err)?;

    // Tick labels.
    let tick_len = m.px(6.0);
    // Issues whose date label was thinned out still get a short unlabelled tick,
    // so every issue shows on the axis (ticks closer than 3 px are merged).
    for d in unlabelled_ticks(&xl.coords, &xl.labelled, xl.px_per_unit, 3.0) {
        let x = ctx.backend_coord(&(f64::from(d), data.y_min)).0;
        root.draw(&PathElement::new(
            vec![(x, plot_bottom), (x, plot_bottom + (tick_len / 2).max(1))],
            axis_style,
        ))
        .map_err(err)?;
    }
    for &d in &x_ticks {
        let x = ctx.backend_coord(&(d, data.y_min)).0;
        root.draw(&PathElement::new(
            vec![(x, plot_bottom), (x, plot_bottom + tick_len)],
            axis_style,
        ))
        .map_err(err)?;
        let k = point_at(d as i32);
        let top = plot_bottom + tick_len + tick_gap;
        draw_label(
            &root,
            &data.labels[k],
            &tick_font,
            (x, top),
            HPos::Center,
            VPos::Top,
        )?;
        if two_lines {
            draw_label(
                &root,
                &data.issues[k],
                &tick_font,
                (x, top + m.px(28.0)),
                HPos::Center,
                VPos::Top,
            )?;
        }
    }
    for (v, text) in y_ticks.iter().zip(&y_tick_labels) {
        let y = ctx.backend_coord(&(x_start, *v)).1;
        draw_label(
            &root,
            text,
            &tick_font,
            (plot_left - tick_gap, y),
            HPos::Right,
            VPos::Center,
        )?;
    }

    // Axis names: x centred under the dates, y horizontally above the y axis.
    let mut x_name = clean(&chart.x_label);
    if xl.axis == XAxis::Even {
        x_name.push_str("（按顺序等距排列，间距不代表时间长短）");
    }
    if !x_name.is_empty() {
        let x_name = fit_text(&root, &x_name, &desc_font, plot_w)?;
        draw_label(
            &root,
            &x_name,
            &desc_font,
            ((plot_left + plot_right) / 2, h - m.px(22.0)),
            HPos::Center,
            VPos::Bottom,
        )?;
    }
    let y_name = clean(&chart.y_label);
    if !y_name.is_empty() {
        let y_name = fit_text(&root, &y_name, &desc_font, plot_right - outer)?;
        let name_w = text_width(&root, &y_name, &desc_font)?;
        let x = (plot_left - name_w / 2).max(outer);
        draw_label(
            &root,
            &y_name,
            &desc_font,
            (x, plot_top - m.px(14.0)),
            HPos::Left,
            VPos::Bottom,
        )?;
    }

    // --- Series: all lines first, then markers, so no line crosses a marker -----------
    let line_w = 3.0 * m.s;
    // Markers shrink when issues are densely packed and are left out below 2 px.
    let markers = xl.marker_r >= 2.0;
    let marker_r = xl.marker_r.round() as i32;
    let pixels: Vec<Vec<Vec<(i32, i32)>>> = data
        .series
        .iter()
        .map(|s| {
            s.runs
                .iter()
                .map(|run| {
                    run.iter()
                        .map(|&(k, v)| ctx.backend_coord(&(f64::from(xl.coords[k]), v)))
                        .collect()
                })
                .collect()
        })
        .collect();
    for (i, runs) in pixels.iter().enumerate() {
        for pts in runs {
            draw_polyline(&root, pts, line_w, series_color(i))?;
        }
    }
    for (i, runs) in pixels.iter().enumerate().filter(|_| markers) {
        for &p in runs.iter().flatten() {
            draw_marker(&root, p, Marker::for_series(i), marker_r, series_color(i))?;
        }
    }

    // --- Legend box, right of the plot ------------------------------------------------
    let row_h = m.px(40.0);
    let (box_x0, box_x1, box_y0) = (legend_x0, w - outer, plot_top);
    let max_rows = ((h - box_y0 - outer - 2 * pad) / row_h).max(1) as usize;
    let n = labels.len();
    let (shown, hidden) = if n > max_rows {
        (max_rows - 1, n - (max_rows - 1))
    } else {
        (n, 0)
    };
    let rows = shown + usize::from(hidden > 0);
    let box_y1 = box_y0 + 2 * pad + rows as i32 * row_h;
    root.draw(&Rectangle::new(
        [(box_x0, box_y0), (box_x1, box_y1)],
        LEGEND_FILL.filled(),
    ))
    .map_err(err)?;
    root.draw(&Rectangle::new(
        [(box_x0, box_y0), (box_x1, box_y1)],
        LEGEND_BORDER.stroke_width(m.px(1.0) as u32),
    ))
    .map_err(err)?;
    let text_x = box_x0 + 2 * pad + sample_w;
    let text_max = box_x1 - pad - text_x;
    for (i, label) in labels.iter().take(shown).enumerate() {
        let cy = box_y0 + pad + i as i32 * row_h + row_h / 2;
        let color = series_color(i);
        draw_polyline(
            &root,
            &[(box_x0 + pad, cy), (box_x0 + pad + sample_w, cy)],
            line_w,
            color,
        )?;
        if markers {
            draw_marker(
                &root,
                (box_x0 + pad + sample_w / 2, cy),
                Marker::for_series(i),
                marker_r.max(m.px(4.0)),
                color,
            )?;
        }
        let text = fit_text(&root, label, &legend_font, text_max)?;
        draw_label(
            &root,
            &text,
            &legend_font,
            (text_x, cy),
            HPos::Left,
            VPos::Center,
        )?;
    }
    if hidden > 0 {
        let cy = box_y0 + pad + shown as i32 * row_h + row_h / 2;
        let text = fit_text(
            &root,
            &format!("另有 {hidden} 项未列出"),
            &legend_font,
            box_x1 - box_x0 - 2 * pad,
        )?;
        draw_label(
            &root,
            &text,
            &legend_font,
            (box_x0 + pad, cy),
            HPos::Left,
            VPos::Center,
        )?;
    }

    root.present().map_err(err)?;
    Ok(ChartLayout {
        x_axis: xl.axis,
        labelled: xl
            .labelled
            .iter()
            .map(|&c| data.order[point_at(c)])
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_never_closer_than_the_gap_and_keep_the_ends() {
        let days: Vec<i32> = (0..100).map(|i| 738_000 + i * 7).collect();
        let t = pick_ticks(&days, 60.0);
        assert_eq!(t.first(), days.first());
        assert_eq!(t.last(), days.last());
        assert!(t.windows(2).all(|w| f64::from(w[1] - w[0]) >= 60.0));
        assert_eq!(pick_ticks(&[5], 10.0), vec![5]);
        assert_eq!(pick_ticks(&[5, 6], 10.0), vec![5]);
        assert_eq!(pick_ticks(&[5, 6, 30], 10.0), vec![5, 30]);
    }

    /// A value that is not finite leaves a gap in its line, and its date stays
    /// on the axis; a chart with no finite value at all has nothing to draw.
    #[test]
    fn missing_values_break_lines_and_keep_their_dates() {
        let d = |day| NaiveDate::from_ymd_opt(2025, 9, day).unwrap();
        let chart = |points: Vec<(NaiveDate, f64)>| TrendChart {
            points: points.iter().map(|&(d, _)| ChartPoint::on(d)).collect(),
            series: vec![TrendSeries {
                label: "占比".into(),
                values: points.iter().map(|&(_, v)| v).collect(),
            }],
            ..TrendChart::default()
        };
        let data = PlotData::from_chart(&chart(vec![
            (d(19), 100.0),
            (d(5), 50.0),
            (d(12), f64::NAN),
            (d(26), 25.0),
        ]))
        .unwrap();
        // By date, each labelled with it.
        assert_eq!(data.days.len(), 4);
        assert_eq!(data.labels[0], "2025-09-05");
        assert_eq!(data.labels[3], "2025-09-26");
        let runs: Vec<Vec<(usize, f64)>> = data.series[0].runs.clone();
        assert_eq!(runs, vec![vec![(0, 50.0)], vec![(2, 100.0), (3, 25.0)]]);
        assert!(PlotData::from_chart(&chart(vec![(d(5), f64::NAN)])).is_none());
        // A missing value is no value.
        let mut short = chart(vec![(d(5), 1.0), (d(12), 2.0)]);
        short.series[0].values.pop();
        assert_eq!(
            PlotData::from_chart(&short).unwrap().series[0].runs,
            vec![vec![(0, 1.0)]]
        );
    }

    /// Sizes of the default 1600×900 chart.
    fn default_sizes() -> XSizes {
        XSizes {
            plot_w: 1130.0,
            time_label_w: 110.0,
            even_label_w: 110.0,
            end_pad: 10.0,
            label_gap: 28.0,
            full_r: 6.0,
        }
    }

    fn ce(y: i32, m: u32, d: u32) -> i32 {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().num_days_from_ce()
    }

    /// The shipped examples: two issues a week apart at the end of two years
    /// would overlap on a time axis, so the issues are evenly spaced and each
    /// is labelled.
    #[test]
    fn issues_that_would_overlap_are_evenly_spaced() {
        let days = [
            ce(2023, 10, 31),
            ce(2025, 7, 4),
            ce(2025, 12, 19),
            ce(2025, 12, 26),
        ];
        let x = x_layout(&days, &default_sizes());
        assert_eq!(x.axis, XAxis::Even);
        assert_eq!(x.coords, [0, 1, 2, 3]);
        assert_eq!(x.labelled, [0, 1, 2, 3]);
        assert!(x.marker_r >= 2.0);
        // Evenly: each step is far wider than a marker.
        assert!(x.px_per_unit > 4.0 * marker_extent(x.marker_r));
        // Two issues of one day as well.
        let same = [ce(2025, 12, 19), ce(2025, 12, 19), ce(2025, 12, 26)];
        assert_eq!(x_layout(&same, &default_sizes()).axis, XAxis::Even);
        // Thirty weekly issues and one two years before them: every n-th
        // issue is labelled, the first and the last always.
        let mut days = vec![ce(2023, 6, 2)];
        days.extend((0..30).map(|k| ce(2025, 6, 6) + 7 * k));
        let x = x_layout(&days, &default_sizes());
        assert_eq!(x.axis, XAxis::Even);
        assert_eq!(x.labelled.first(), Some(&0));
        assert_eq!(x.labelled.last(), Some(&30));
        assert!(x.labelled.len() >= 6, "{:?}", x.labelled);
        let steps: Vec<i32> = x.labelled.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(steps.iter().all(|&s| f64::from(s) * x.px_per_unit >= 138.0));
    }

    /// A regular archive keeps its time axis, whatever its length; so does one
    /// too dense for markers, even with two issues of one day.
    #[test]
    fn regular_and_long_archives_keep_the_time_axis() {
        for n in [2, 12, 40, 60, 150, 400] {
            let days: Vec<i32> = (0..n).map(|k| ce(2020, 1, 3) + 7 * k).collect();
            let x = x_layout(&days, &default_sizes());
            assert_eq!(x.axis, XAxis::Time, "{n} weekly issues");
            assert_eq!(x.coords, days);
        }
        let mut days: Vec<i32> = (0..400).map(|k| ce(2020, 1, 3) + 7 * k).collect();
        days.insert(100, days[100]);
        let x = x_layout(&days, &default_sizes());
        assert_eq!(x.axis, XAxis::Time);
        assert!(x.marker_r < 2.0);
        assert_eq!(
            x_layout(&[ce(2025, 1, 3)], &default_sizes()).axis,
            XAxis::Time
        );
    }

    /// On a time axis, two issues a week apart on a two-year axis: 2025-12-19
    /// loses its label to 2025-12-26 (the labels would overlap), but keeps a tick.
    #[test]
    fn thinned_issues_keep_an_unlabelled_tick() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap().num_days_from_ce();
        let days = vec![
            day(2023, 10, 31),
            day(2025, 7, 4),
            day(2025, 12, 19),
            day(2025, 12, 26),
        ];
        // About 1.3 px per day and labels 140 px wide, as in the default 1600×900 chart.
        let labelled = pick_ticks(&days, 140.0 / 1.3);
        assert_eq!(labelled, vec![days[0], days[1], days[3]]);
        assert_eq!(unlabelled_ticks(&days, &labelled, 1.3, 3.0), vec![days[2]]);
        // Hundreds of weekly issues: ticks stay at least 3 px apart.
        let many: Vec<i32> = (0..500).map(|i| 738_000 + i * 7).collect();
        let px_per_day = 1000.0 / (500.0 * 7.0);
        let labelled = pick_ticks(&many, 140.0 / px_per_day);
        let minor = unlabelled_ticks(&many, &labelled, px_per_day, 3.0);
        let mut all: Vec<i32> = labelled.iter().chain(&minor).copied().collect();
        all.sort_unstable();
        assert!(all
            .windows(2)
            .all(|w| f64::from(w[1] - w[0]) * px_per_day >= 3.0));
        assert!(minor.len() < 1000 / 3);
    }

    #[test]
    fn the_size_message_gives_the_accepted_range() {
        assert!(SIDE_RANGE.contains(&format!("from {MIN_SIDE} to {MAX_SIDE} pixels")));
    }

    #[test]
    fn nice_ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 28.6, 7.0, true),
            vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0]
        );
        assert_eq!(nice_ticks(0.0, 1.1, 7.0, true), vec![0.0, 1.0]);
        assert_eq!(
            nice_ticks(0.0, 1.1, 7.0, false),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(
            nice_ticks(-11.0, 22.0, 7.0, true),
            vec![-10.0, -5.0, 0.0, 5.0, 10.0, 15.0, 20.0]
        );
        assert!(nice_ticks(0.0, 1.1e200, 7.0, false).len() <= 12);
        assert_eq!(nice_ticks(3.0, 3.0, 7.0, false), vec![3.0]);
    }

    #[test]
    fn values_format_plainly() {
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_value(12.0), "12");
        assert_eq!(format_value(2.5), "2.5");
        assert_eq!(format_value(0.6000000000000001), "0.6");
    }

    /// The bearings reader must agree with what ab_glyph computes (values measured
    /// with ab_glyph 0.2.32 `px_bounds().min.x` at 40 px) and with plotters' advances.
    #[test]
    fn bearings_match_ab_glyph() {
        ensure_font().unwrap();
        let b = Bearings::get().expect("embedded font tables parse");
        assert_eq!(b.lsb_px('卫', 40.0), 1);
        assert_eq!(b.lsb_px('生', 40.0), 2);
        assert_eq!(b.lsb_px('A', 40.0), 0);
        assert_eq!(b.lsb_px('（', 40.0), 13);
        assert_eq!(b.lsb_px('\u{E000}', 40.0), 9); // .notdef
        assert_eq!(b.glyph('\u{E000}'), 0);

        let mut buf = vec![0u8; 64 * 64 * 3];
        let area = BitMapBackend::with_buffer(&mut buf, (64, 64)).into_drawing_area();
        let font: TextStyle = (FONT_FAMILY, 40.0).into_font().into();
        let text = "卫生信息化舆情（第654期）AbC";
        let sum: f32 = text
            .chars()
            .map(|c| f32::from(b.advance_units(b.glyph(c))) * 40.0 / b.height_units)
            .sum();
        assert_eq!(text_width(&area, text, &font).unwrap(), sum as i32);
    }
}
