//! Trend-chart rendering: PNG size and content, Chinese glyphs really drawn (not
//! .notdef boxes), atomic writes, and odd input.

use std::path::Path;

use chrono::NaiveDate;
use plotters::prelude::*;
use yuqing::chart::{
    ensure_font, render_png, stage_png, ChartPoint, ChartStyle, TrendChart, TrendSeries,
    FONT_FAMILY,
};
use yuqing::error::Error;
use yuqing::io::Staged;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TITLE: &str = "卫生信息化舆情主题趋势（第654期–第655期）";

fn sample_chart() -> TrendChart {
    let dates = [
        day(2025, 3, 3),
        day(2025, 3, 10),
        day(2025, 3, 17),
        day(2025, 3, 24),
    ];
    let series = |label: &str, values: [f64; 4]| TrendSeries {
        label: label.to_string(),
        values: values.to_vec(),
    };
    TrendChart {
        title: TITLE.to_string(),
        x_label: "期刊日期".to_string(),
        y_label: "文章数".to_string(),
        points: dates.into_iter().map(ChartPoint::on).collect(),
        series: vec![
            series("互联网医院", [12.0, 18.0, 15.0, 22.0]),
            series("医疗大模型", [5.0, 9.0, 17.0, 26.0]),
            series("数据安全", [8.0, 7.0, 10.0, 6.0]),
        ],
    }
}

/// `base` with these lines of (date, value) pairs: every distinct date is a
/// point, and a line has no value at the dates it does not list.
fn with_lines(base: TrendChart, lines: Vec<(&str, Vec<(NaiveDate, f64)>)>) -> TrendChart {
    let mut dates: Vec<NaiveDate> = lines
        .iter()
        .flat_map(|(_, pts)| pts.iter().map(|&(d, _)| d))
        .collect();
    dates.sort_unstable();
    dates.dedup();
    TrendChart {
        points: dates.iter().copied().map(ChartPoint::on).collect(),
        series: lines
            .into_iter()
            .map(|(label, pts)| TrendSeries {
                label: label.to_string(),
                values: dates
                    .iter()
                    .map(|d| {
                        pts.iter()
                            .rev()
                            .find(|(x, _)| x == d)
                            .map_or(f64::NAN, |&(_, v)| v)
                    })
                    .collect(),
            })
            .collect(),
        ..base
    }
}

fn decode(path: &Path) -> image::RgbImage {
    image::open(path)
        .unwrap_or_else(|e| panic!("{} is not a readable PNG: {e}", path.display()))
        .to_rgb8()
}

/// Dark pixels: text and axes (series colours and grid lines are lighter).
fn is_ink(p: &image::Rgb<u8>) -> bool {
    p.0.iter().map(|&c| u32::from(c)).sum::<u32>() < 3 * 110
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// --- 1. size and content ------------------------------------------------------------

#[test]
fn renders_a_png_of_the_requested_size_with_every_series() {
    let dir = tempfile::tempdir().unwrap();
    for style in [
        ChartStyle::default(),
        ChartStyle {
            width: 800,
            height: 450,
        },
    ] {
        let path = dir.path().join(format!("trend-{}.png", style.width));
        render_png(&sample_chart(), &style, &path).unwrap();
        let img = decode(&path);
        assert_eq!(img.dimensions(), (style.width, style.height));

        let total = (style.width * style.height) as usize;
        let non_white = img.pixels().filter(|p| p.0 != [255, 255, 255]).count();
        assert!(
            non_white > total / 50,
            "only {non_white} of {total} pixels are not background"
        );
        // Each of the three series is drawn in its own palette colour
        // (blue, orange, green: the first three entries).
        for rgb in [[31, 119, 180], [255, 127, 14], [44, 160, 44]] {
            let n = img.pixels().filter(|p| p.0 == rgb).count();
            assert!(n > 100, "series colour {rgb:?}: only {n} pixels");
        }
    }
    assert_eq!(files_in(dir.path()), ["trend-1600.png", "trend-800.png"]);
}

#[test]
fn default_style_is_1600_by_900() {
    assert_eq!(
        ChartStyle::default(),
        ChartStyle {
            width: 1600,
            height: 900
        }
    );
}

// --- 2. Chinese glyphs are really drawn ---------------------------------------------

/// Renders `text` alone, black on white, through the registered font family and
/// returns the ink mask.
fn glyph_mask(text: &str) -> Vec<bool> {
    ensure_font().unwrap();
    const W: u32 = 420;
    const H: u32 = 80;
    let mut buf = vec![255u8; (W * H * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (W, H)).into_drawing_area();
        root.fill(&WHITE).unwrap();
        let font = (FONT_FAMILY, 48.0).into_font().color(&BLACK);
        root.draw_text(text, &font, (10, 10)).unwrap();
        root.present().unwrap();
    }
    buf.chunks(3)
        .map(|p| p.iter().map(|&c| u32::from(c)).sum::<u32>() < 3 * 128)
        .collect()
}

fn ink(mask: &[bool]) -> usize {
    mask.iter().filter(|&&b| b).count()
}

fn differing(a: &[bool], b: &[bool]) -> usize {
    a.iter().zip(b).filter(|(x, y)| x != y).count()
}

/// A font without CJK glyphs maps every Chinese character to glyph 0 (.notdef), and
/// ab_glyph draws that glyph's outline: an empty box in WenQuanYi and DejaVu alike,
/// the same box for every character. U+E000 (private use, mapped by neither font)
/// shows exactly that box. So each character must have ink and must not look like
/// U+E000, and different strings must look different.
#[test]
fn chinese_characters_render_as_real_glyphs_not_notdef_boxes() {
    let notdef = glyph_mask("\u{E000}");
    // Every character of the sample title, axis names and legend labels.
    let text: String = [
        TITLE,
        "期刊日期",
        "文章数占比",
        "互联网医院",
        "医疗大模型",
        "数据安全",
        "（未命名）另有项未列出",
    ]
    .concat();
    for c in text.chars().filter(|c| !c.is_ascii()) {
        if c == '–' {
            continue; // en dash: a thin stroke, covered by the title check
        }
        let mask = glyph_mask(&c.to_string());
        assert!(ink(&mask) > 80, "{c:?} drew only {} ink pixels", ink(&mask));
        assert!(
            differing(&mask, &notdef) > 80,
            "{c:?} renders like the missing-glyph box U+E000: the font lacks CJK glyphs"
        );
    }

    // Whole strings of the same length: real text differs from other real text and
    // from a row of missing-glyph boxes, and has more ink than the boxes.
    let a = glyph_mask("卫生信息化舆情");
    let b = glyph_mask("互联网医院数据");
    let boxes = glyph_mask(&"\u{E000}".repeat(7));
    assert!(ink(&a) > 1500, "卫生信息化舆情: {} ink pixels", ink(&a));
    assert!(ink(&b) > 1500, "互联网医院数据: {} ink pixels", ink(&b));
    assert!(differing(&a, &b) > 1000, "two different strings look alike");
    assert!(
        differing(&a, &boxes) > 1000,
        "text looks like .notdef boxes"
    );
    assert!(
        ink(&a) > ink(&boxes) + ink(&boxes) / 2,
        "text ink {} vs .notdef boxes {}",
        ink(&a),
        ink(&boxes)
    );
}

/// The title band of a full chart has Chinese ink, and differs from the same chart
/// whose title is a row of missing-glyph boxes.
#[test]
fn chart_title_is_drawn_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.png");
    let boxes = dir.path().join("boxes.png");
    render_png(&sample_chart(), &ChartStyle::default(), &real).unwrap();
    let mut chart = sample_chart();
    chart.title = "\u{E000}".repeat(TITLE.chars().count());
    render_png(&chart, &ChartStyle::default(), &boxes).unwrap();

    let band = |img: &image::RgbImage| -> Vec<bool> {
        (0..80)
            .flat_map(|y| (0..img.width()).map(move |x| (x, y)))
            .map(|(x, y)| is_ink(img.get_pixel(x, y)))
            .collect()
    };
    let (real, boxes) = (band(&decode(&real)), band(&decode(&boxes)));
    assert!(
        ink(&real) > 3000,
        "title band has {} ink pixels",
        ink(&real)
    );
    assert!(ink(&real) > ink(&boxes) + ink(&boxes) / 2);
    assert!(differing(&real, &boxes) > 3000);
}

#[test]
fn ensure_font_is_idempotent_and_thread_safe() {
    let handles: Vec<_> = (0..4).map(|_| std::thread::spawn(ensure_font)).collect();
    for h in handles {
        h.join().unwrap().unwrap();
    }
    ensure_font().unwrap();
    ensure_font().unwrap();
}

// --- 3. atomic writes ---------------------------------------------------------------

#[test]
fn creates_missing_directories_and_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("reports").join("2025").join("charts");
    let path = nested.join("trend.png");
    render_png(&sample_chart(), &ChartStyle::default(), &path).unwrap();
    assert_eq!(decode(&path).dimensions(), (1600, 900));
    assert_eq!(files_in(&nested), ["trend.png"]);

    // Overwriting replaces the file and still leaves nothing else behind.
    let mut chart = sample_chart();
    chart.series.truncate(1);
    render_png(&chart, &ChartStyle::default(), &path).unwrap();
    assert_eq!(decode(&path).dimensions(), (1600, 900));
    assert_eq!(files_in(&nested), ["trend.png"]);
}

#[test]
fn nothing_to_plot_is_an_error_that_keeps_the_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trend.png");
    std::fs::write(&path, b"previous chart").unwrap();

    let no_series = TrendChart {
        title: TITLE.to_string(),
        ..TrendChart::default()
    };
    let only_nan = with_lines(
        sample_chart(),
        vec![(
            "互联网医院",
            vec![
                (day(2025, 3, 3), f64::NAN),
                (day(2025, 3, 10), f64::INFINITY),
            ],
        )],
    );
    let no_values = TrendChart {
        series: vec![TrendSeries::default(), TrendSeries::default()],
        ..sample_chart()
    };
    let no_points = TrendChart {
        points: Vec::new(),
        ..sample_chart()
    };
    for chart in [no_series, only_nan, no_values, no_points] {
        let e = render_png(&chart, &ChartStyle::default(), &path).unwrap_err();
        assert!(matches!(e, Error::Chart { .. }), "{e:?}");
        let msg = e.to_string();
        assert!(msg.contains("trend.png"), "{msg}");
        assert!(msg.contains("nothing to plot"), "{msg}");
        assert!(msg.contains("check that"), "no advice in: {msg}");
        assert_eq!(std::fs::read(&path).unwrap(), b"previous chart");
        assert_eq!(files_in(dir.path()), ["trend.png"]);
    }

    // Nothing is created either when the directory did not exist.
    let missing = dir.path().join("not-created").join("trend.png");
    assert!(render_png(&TrendChart::default(), &ChartStyle::default(), &missing).is_err());
    assert!(!dir.path().join("not-created").exists());
}

#[test]
fn a_failed_rename_removes_the_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("trend.png");
    // A folder in the way is refused before drawing.
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), b"x").unwrap();
    let e = render_png(&sample_chart(), &ChartStyle::default(), &target).unwrap_err();
    assert!(e.to_string().contains("trend.png") && e.to_string().contains("folder"));
    assert_eq!(files_in(dir.path()), ["trend.png"]);
    // One that appears after drawing makes the final rename fail.
    std::fs::remove_dir_all(&target).unwrap();
    let mut out = Staged::new();
    stage_png(&sample_chart(), &ChartStyle::default(), &target, &mut out).unwrap();
    assert_eq!(files_in(dir.path()).len(), 1, "the drawn temporary file");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), b"x").unwrap();
    let e = out.commit().unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("trend.png"), "{e}");
    assert_eq!(files_in(dir.path()), ["trend.png"]);
    assert_eq!(files_in(&target), ["keep.txt"]);
}

// --- odd input ----------------------------------------------------------------------

#[test]
fn odd_input_renders_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let long = "很长的主题名称".repeat(30);
    let charts = [
        // One date, one point: the x range is padded around it.
        with_lines(
            sample_chart(),
            vec![("互联网医院", vec![(day(2025, 3, 3), 4.0)])],
        ),
        // NaN/infinite values skipped, unsorted and duplicate dates, missing
        // values, empty and very long labels, control characters, negative
        // and zero values.
        TrendChart {
            title: format!("{long}\n\t第二行"),
            x_label: String::new(),
            y_label: long.clone(),
            points: [
                (17, "\n", "第1期"),
                (3, "", ""),
                (10, "x", &*long),
                (3, &*long, "\t"),
                (24, "2025 Q1", "第2–3期"),
            ]
            .into_iter()
            .map(|(d, label, issue)| ChartPoint {
                date: day(2025, 3, d),
                label: label.to_string(),
                issue: issue.to_string(),
            })
            .collect(),
            series: vec![
                TrendSeries {
                    label: String::new(),
                    values: vec![f64::NAN, 2.0, f64::NEG_INFINITY, 3.0],
                },
                TrendSeries {
                    label: long.clone(),
                    values: vec![0.0, 0.0, 0.0, 0.0, -5.0, 7.0, 8.0],
                },
                TrendSeries {
                    label: "😀 \u{E000} emoji".to_string(),
                    values: vec![f64::NAN, f64::NAN, f64::NAN, f64::NAN, 0.0],
                },
            ],
        },
        // All zero; huge and tiny magnitudes; dates centuries apart.
        with_lines(
            sample_chart(),
            vec![("零", vec![(day(2025, 1, 1), 0.0), (day(2025, 1, 8), 0.0)])],
        ),
        with_lines(
            sample_chart(),
            vec![(
                "大",
                vec![(NaiveDate::MIN, f64::MAX), (NaiveDate::MAX, -f64::MAX)],
            )],
        ),
        with_lines(
            sample_chart(),
            vec![(
                "小",
                vec![(day(2025, 1, 1), 1e-12), (day(2025, 1, 2), 3e-12)],
            )],
        ),
        // More series than palette colours and legend rows; 200 weekly issues.
        TrendChart {
            points: (0..200)
                .map(|k| ChartPoint::on(day(2020, 1, 6) + chrono::Days::new(7 * k)))
                .collect(),
            series: (0..40)
                .map(|i| TrendSeries {
                    label: format!("主题{i}"),
                    values: (0..200).map(|k| (i * k % 17) as f64).collect(),
                })
                .collect(),
            ..sample_chart()
        },
    ];
    for (i, chart) in charts.iter().enumerate() {
        for style in [
            ChartStyle::default(),
            ChartStyle {
                width: 320,
                height: 320,
            },
        ] {
            let path = dir.path().join(format!("odd-{i}-{}.png", style.width));
            render_png(chart, &style, &path)
                .unwrap_or_else(|e| panic!("chart {i} at {}px: {e}", style.width));
            assert_eq!(decode(&path).dimensions(), (style.width, style.height));
        }
    }
}

#[test]
fn unusable_image_sizes_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    for (width, height) in [
        (0, 900),
        (1600, 0),
        (100, 100),
        (319, 900),
        (1600, 8001),
        (100_000, 900),
    ] {
        let path = dir.path().join("trend.png");
        let e = render_png(&sample_chart(), &ChartStyle { width, height }, &path).unwrap_err();
        assert!(matches!(e, Error::InvalidParam { .. }), "{e:?}");
        assert!(!path.exists());
    }
}
