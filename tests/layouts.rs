//! Report layouts beyond the four seeds, as real archives hold them: other
//! numbering (【1】, ①, 2.5G…), labels written other ways (【来源】, 信息来源,
//! 作者 between 来源 and 链接), trailers, dates in Chinese numerals, PDF
//! page furniture, Markdown lists. The files in tests/data/layouts/ were
//! written for these tests (their articles are invented); each test names
//! what an analyst would see go wrong if the parser regressed.

use std::path::PathBuf;

use chrono::NaiveDate;
use yuqing::corpus::formats::read_report;
use yuqing::corpus::Report;

fn layout(name: &str) -> Report {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/layouts");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(name))
        .unwrap_or_else(|| panic!("no layout {name} in {}", dir.display()));
    read_report(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// (title, source, the start of the link) of each article, in order.
type Expect<'a> = (&'a str, &'a str, Option<&'a str>);

fn assert_articles(report: &Report, expected: &[Expect]) {
    let got: Vec<_> = report
        .articles
        .iter()
        .map(|a| (a.title.as_str(), a.source.as_deref().unwrap_or("")))
        .collect();
    let want: Vec<_> = expected.iter().map(|&(t, s, _)| (t, s)).collect();
    assert_eq!(got, want);
    for (a, &(_, _, link)) in report.articles.iter().zip(expected) {
        match (link, &a.link) {
            (Some(want), Some(got)) => assert!(got.starts_with(want), "{}: link {got}", a.title),
            (None, None) => {}
            (want, got) => panic!("{}: link {got:?}, expected {want:?}", a.title),
        }
    }
}

/// The articles' titles, in order.
fn titles_of(r: &Report) -> Vec<&str> {
    r.articles.iter().map(|a| a.title.as_str()).collect()
}

/// The article's text contains every one of `needles`.
fn assert_text_has(a: &yuqing::corpus::Article, needles: &[&str]) {
    for n in needles {
        assert!(
            a.text.contains(n),
            "{}: text lacks {n:?}:\n{}",
            a.title,
            a.text
        );
    }
}

/// No article's text contains any of `needles`.
fn assert_not_in_text(report: &Report, needles: &[&str]) {
    for a in &report.articles {
        for n in needles {
            assert!(
                !a.text.contains(n),
                "{}: text holds {n:?}:\n{}",
                a.title,
                a.text
            );
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

const RMRB: &str = "https://www.peopledaily.com.cn/health/";
const JFDAILY: &str = "https://www.jfdaily.com/news/detail?id=912345";
const ZJOL: &str = "https://zjnews.zjol.com.cn/";

#[test]
fn bracketed_and_circled_numbers_are_headings() {
    let r = layout("02_bracket");
    assert_articles(&r, &FOUR[..3]);
    let r = layout("03_circled");
    assert_articles(
        &r,
        &[
            (
                "广东发布人工智能医疗器械创新任务揭榜结果",
                "南方日报",
                Some("https://epaper.southcn.com/"),
            ),
            (
                "四川：电子健康卡实现全省通用",
                "四川日报",
                Some("http://epaper.scdaily.cn/"),
            ),
            (
                "北京：互联网诊疗监管平台接入医疗机构超过三百家",
                "北京日报",
                Some("https://bjrbdzb.bjd.com.cn/"),
            ),
        ],
    );
}

/// `2.5G+急救平台…` is article 2 titled `5G+急救平台…`, not a decimal in
/// article 1's text; the TOC lists it too, so a loss would be warned about.
#[test]
fn a_title_starting_with_a_digit_is_a_heading_where_its_number_is_due() {
    let r = layout("24_title_starts");
    assert_articles(
        &r,
        &[
            (
                "国家卫健委印发《医疗机构数据安全管理指南》",
                "人民日报",
                Some(RMRB),
            ),
            (
                "5G+急救平台实现全省县区全覆盖",
                "河南日报",
                Some("https://newpaper.dahe.cn/"),
            ),
            (
                "2026年全国卫生健康信息化工作会议在京召开",
                "健康报",
                Some("https://www.jkb.com.cn/"),
            ),
            (
                "上海上线“医疗付费一件事”应用场景",
                "解放日报",
                Some(JFDAILY),
            ),
        ],
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_not_in_text(&r, &["来源：", "链接："]);
}

/// A notice quoted in an article, with numbered points, a signature and a
/// bare date line, stays in that article.
#[test]
fn numbered_points_of_a_quoted_notice_are_not_articles() {
    let r = layout("19_notice");
    assert_articles(
        &r,
        &[
            (
                "国家卫健委部署加强医疗机构网络安全工作",
                "国家卫生健康委员会网站",
                Some("http://www.nhc.gov.cn/"),
            ),
            (
                "上海上线“医疗付费一件事”应用场景",
                "解放日报",
                Some(JFDAILY),
            ),
            ("浙江省推进县域医共体数字化改革", "浙江日报", Some(ZJOL)),
        ],
    );
    let first = &r.articles[0].text;
    assert!(
        first.contains("3. 三级医院应当设立专职网络安全岗位"),
        "{first}"
    );
    assert!(
        first.ends_with("国家卫生健康委办公厅\n2025年12月5日"),
        "{first}"
    );
    assert_eq!(r.articles[1].date, None);
}

/// Article titles without numbers: found by the TOC's titles, or (without a
/// TOC) as the short line a 来源 label follows.
#[test]
fn unnumbered_titles_are_found_by_the_toc_or_the_labels_below_them() {
    let expected = &FOUR[..3];
    let with_toc = layout("04_unnumbered");
    assert_articles(&with_toc, expected);
    assert!(with_toc.warnings.is_empty(), "{:?}", with_toc.warnings);
    let without_toc = layout("04b_unnumbered");
    assert_articles(&without_toc, expected);
    assert_eq!(without_toc.articles, with_toc.articles);
    assert_not_in_text(&with_toc, &["来源：", "链接：", "上海上线", "浙江省推进"]);
}

/// Seed 655 with every number taken off its TOC and section headings: the
/// same articles, although each article repeats its title above its dated
/// source line.
#[test]
fn an_unnumbered_markdown_report_reads_like_the_numbered_one() {
    let seed = read_report(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("examples/reports/001_510d352a014b6f5f.txt"),
    )
    .unwrap();
    let r = layout("04c_unnumbered");
    assert_eq!(r.issue.number, seed.issue.number);
    assert_eq!(r.articles, seed.articles);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

const SOUTHCN: &str = "https://epaper.southcn.com/";
const SCDAILY: &str = "http://epaper.scdaily.cn/";
const BJD: &str = "https://bjrbdzb.bjd.com.cn/";
const HUBEI: &str = "https://epaper.hubeidaily.net/";

/// The first three articles of the Markdown-list and trailer layouts.
const SICHUAN_BEIJING_HUBEI: [Expect; 3] = [
    ("四川：电子健康卡实现全省通用", "四川日报", Some(SCDAILY)),
    (
        "北京：互联网诊疗监管平台接入医疗机构超过三百家",
        "北京日报",
        Some(BJD),
    ),
    (
        "湖北“智慧医保”平台上线药品追溯码应用",
        "湖北日报",
        Some(HUBEI),
    ),
];

/// The four articles of the label-variant layouts.
const FOUR: [Expect; 4] = [
    (
        "国家卫健委印发《医疗机构数据安全管理指南》",
        "人民日报",
        Some(RMRB),
    ),
    (
        "上海上线“医疗付费一件事”应用场景",
        "解放日报",
        Some(JFDAILY),
    ),
    ("浙江省推进县域医共体数字化改革", "浙江日报", Some(ZJOL)),
    (
        "广东发布人工智能医疗器械创新任务揭榜结果",
        "南方日报",
        Some(SOUTHCN),
    ),
];

/// Labels as other reports write them: `来源:` with an ASCII colon,
/// `【来源】`/`【链接】`/`【主要内容】`, `来源 ： ` spaced, `原文链接`,
/// `网址`, and the outlet's date on the 来源 line.
#[test]
fn labels_written_other_ways_are_read() {
    let r = layout("05_label");
    assert_articles(&r, &FOUR);
    assert_not_in_text(&r, &["来源", "链接", "主要内容", "【", "网址"]);
    assert_eq!(r.articles[3].date, date(2025, 12, 4));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// `来源：人民日报 2025-12-01`, `解放日报 2025年12月2日`, `浙江日报（2025-12-03）`,
/// `南方日报 | 发布时间：…`: the outlet alone, and the date.
#[test]
fn a_date_after_the_outlet_is_the_article_date() {
    let r = layout("20_source_date");
    assert_articles(&r, &FOUR);
    let dates: Vec<_> = r.articles.iter().map(|a| a.date).collect();
    assert_eq!(
        dates,
        [
            date(2025, 12, 1),
            date(2025, 12, 2),
            date(2025, 12, 3),
            date(2025, 12, 4)
        ]
    );
}

/// 信息来源/稿源/媒体来源 are 来源; 作者 and 发布时间 lines between 来源
/// and 链接 neither end the labels nor reach the title or the text.
#[test]
fn other_source_words_and_bylines_among_the_labels() {
    for name in ["25_source", "25b_pubtime"] {
        let r = layout(name);
        assert_articles(&r, &FOUR[..3]);
        assert_not_in_text(&r, &["来源", "链接", "作者：", "发布时间"]);
        assert_eq!(r.articles[2].date, date(2025, 12, 3), "{name}");
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
    }
}

/// A second URL under the first is not glued onto it (nor put in the
/// text); a URL split by a line break is rejoined; no link is no link.
#[test]
fn links_missing_split_or_doubled() {
    let r = layout("12_links");
    assert_articles(
        &r,
        &[
            (
                "国家卫健委印发《医疗机构数据安全管理指南》",
                "人民日报",
                None,
            ),
            (
                "上海上线“医疗付费一件事”应用场景",
                "解放日报",
                Some(JFDAILY),
            ),
            (
                "北京：互联网诊疗监管平台接入医疗机构超过三百家",
                "北京日报",
                Some(BJD),
            ),
            (
                "湖北“智慧医保”平台上线药品追溯码应用",
                "湖北日报",
                Some(HUBEI),
            ),
        ],
    );
    assert_eq!(r.articles[1].link.as_deref(), Some(JFDAILY));
    assert_eq!(
        r.articles[2].link.as_deref(),
        Some("https://bjrbdzb.bjd.com.cn/bjrb/mobile/2025/20251206/20251206_007/content_20251206_007_3.htm")
    );
    assert_not_in_text(&r, &["http", "shanghai.gov.cn"]);
}

/// Markdown lists (`- 来源：…`, `* 链接：[原文链接](…)`), the marker
/// 二、正文内容, and a TOC with dot leaders and page numbers.
#[test]
fn markdown_list_fields_other_markers_and_toc_leaders() {
    let mut expected = SICHUAN_BEIJING_HUBEI.to_vec();
    expected.push((
        "江苏推广基层人工智能辅助诊断系统",
        "新华日报",
        Some("https://xh.xhby.net/"),
    ));
    for name in ["15_md_list", "15b_md", "15c_md"] {
        let r = layout(name);
        assert_articles(&r, &expected);
        assert_not_in_text(&r, &["来源", "链接", "- "]);
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
    }
    let r = layout("07_toc_leaders");
    assert_articles(&r, &FOUR);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// The editor/contact lines and the 免责声明 at the end of a report are not
/// the last article's text (CRLF line ends and tabs in this file too).
#[test]
fn the_report_trailer_is_not_article_text() {
    let r = layout("11_crlf");
    assert_articles(&r, &SICHUAN_BEIJING_HUBEI);
    assert_not_in_text(
        &r,
        &["编辑", "审核", "联系电话", "邮箱", "免责声明", "\t", "\r"],
    );
    assert!(r.articles[2]
        .text
        .ends_with("已发现并查处可疑线索1400余条。"));
}

/// `二〇二五年十二月二十六日` in the header is the issue date.
#[test]
fn a_header_date_in_chinese_numerals_is_read() {
    let r = layout("13_cn_date");
    assert_eq!(r.issue.number, Some(660));
    assert_eq!(r.issue.date, date(2025, 12, 26));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.articles.len(), 3);
}

/// A two-page PDF's footer (`…研究中心 第1页`, `第2页`) repeats only twice,
/// at both page ends: it is furniture, not article text.
#[test]
fn a_two_page_footer_is_dropped() {
    let r = layout("10c_pdf_two");
    assert_articles(
        &r,
        &[
            (
                "国家卫健委印发《医疗机构数据安全管理指南》",
                "人民日报",
                Some(RMRB),
            ),
            ("浙江省推进县域医共体数字化改革", "浙江日报", Some(ZJOL)),
            (
                "江苏推广基层人工智能辅助诊断系统",
                "新华日报",
                Some("https://xh.xhby.net/"),
            ),
        ],
    );
    assert_not_in_text(&r, &["研究中心", "第1页", "第2页", "舆情监测周报"]);
    assert_eq!(r.issue.number, Some(657));
}

/// A short PDF text (few body lines next to its header and TOC) is still
/// recognised as wrapped, and its broken lines are rejoined: each of its
/// paragraphs is a whole paragraph of the same article in the longer file.
#[test]
fn a_short_pdf_text_is_reflowed() {
    let short = layout("10d_pdf_short");
    let long = layout("10c_pdf_two");
    assert_eq!(short.articles.len(), long.articles.len());
    for (s, l) in short.articles.iter().zip(&long.articles) {
        let whole: Vec<&str> = l.text.split('\n').collect();
        assert_eq!(s.text.split('\n').count(), 3, "{}", s.text);
        for p in s.text.split('\n') {
            assert!(
                whole.contains(&p),
                "{p:?} is not a paragraph of {:?}",
                l.text
            );
        }
    }
}

/// Round 2 of the layout QA: titles starting with digits after `、`/`．`,
/// and a paragraph `3.6万名…` just above the title `3．2026年…`, which must
/// stay in its article instead of being glued to the next title.
#[test]
fn a_decimal_paragraph_above_a_digit_title_stays_in_its_article() {
    let titles = [
        "国家卫健委印发《医疗机构数据安全管理指南》",
        "5G+急救平台实现全省县区全覆盖",
        "2026年全国卫生健康信息化工作会议在京召开",
        "3D打印技术助力骨科手术精准化",
        "12320卫生健康热线接入人工智能客服",
    ];
    for name in ["c04_digit", "c04b_digit", "c04c_decimal"] {
        let r = layout(name);
        assert_eq!(titles_of(&r), titles, "{name}");
        assert!(
            r.warnings
                .iter()
                .all(|w| w.message.contains("no table of contents")),
            "{name}: {:?}",
            r.warnings
        );
        assert_not_in_text(&r, &["来源：", "链接："]);
    }
    let r = layout("c04_digit");
    assert!(
        r.articles[1]
            .text
            .ends_with("3.6万名基层急救人员已完成平台操作培训"),
        "{}",
        r.articles[1].text
    );
}

/// A date in an article's first lines (a quoted notice's signature, a
/// timeline step) neither replaces the date from the 来源/发布时间 line nor
/// leaves the text; a numbered timeline (`2. 专家评审` / `2026年1月15日`) is
/// not a run of articles.
#[test]
fn dates_inside_the_text_stay_there() {
    let r = layout("c09_notice");
    let dates: Vec<_> = r.articles.iter().map(|a| a.date).collect();
    assert_eq!(
        dates,
        [date(2025, 12, 8), date(2025, 12, 2), date(2025, 12, 3)]
    );
    assert_text_has(&r.articles[0], &["\n2025年12月5日"]);
    assert_text_has(&r.articles[2], &["2025年11月30日"]);
    let r = layout("c21_timeline");
    assert_eq!(r.articles.len(), 3, "{:#?}", r.articles);
    assert_eq!(r.articles[0].date, date(2025, 12, 1));
    assert_text_has(
        &r.articles[0],
        &[
            "2. 专家评审",
            "2026年1月15日",
            "3. 结果公示",
            "2026年1月31日",
        ],
    );
}

/// A monthly report that files its articles under themes (`（一）政策动态`,
/// or `一、政策动态` in a file without a 具体内容 marker), numbering them
/// from 1 in each: the themes are neither articles nor article text.
#[test]
fn theme_groups_of_a_monthly_report_are_not_articles() {
    let titles = [
        "国家卫健委印发《医疗机构数据安全管理指南》",
        "广东发布人工智能医疗器械创新任务揭榜结果",
        "江苏推广基层人工智能辅助诊断系统",
        "3D打印技术助力骨科手术精准化",
        "上海上线“医疗付费一件事”应用场景",
        "浙江省推进县域医共体数字化改革",
        "四川：电子健康卡实现全省通用",
    ];
    for name in ["c10_monthly", "c10b_monthly"] {
        let r = layout(name);
        assert_eq!(titles_of(&r), titles, "{name}");
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
        assert_not_in_text(&r, &["政策动态", "行业资讯", "地方实践"]);
        assert_eq!(r.issue.number, Some(654), "{name}");
    }
}

/// 原标题/来源标题 among the labels (before 来源, or between 来源 and
/// 链接): the link is read, the labels stay out of the text.
#[test]
fn original_titles_among_the_labels() {
    let r = layout("c11_original");
    assert_articles(&r, &FOUR);
    assert_not_in_text(&r, &["来源", "链接", "原标题", "主要内容"]);
    assert_eq!(
        r.articles[0].original_title.as_deref(),
        Some("国家卫健委办公厅印发医疗机构数据安全管理指南 明确数据分类分级要求")
    );
    assert_eq!(
        r.articles[1].original_title.as_deref(),
        Some("一次结算不用跑 上海“医疗付费一件事”全面上线")
    );
}

/// 【发布时间】 with the other bracketed labels; `发布时间：… 作者：…` and
/// `作者：… 来源：…` on one line; 发布时间/作者 before 来源 in a report
/// whose titles carry no number, with and without a TOC.
#[test]
fn dates_and_bylines_in_any_order_and_bracketed() {
    let r = layout("c02_bracket");
    assert_eq!(r.articles.len(), 3);
    for (a, day) in r.articles.iter().zip([5, 6, 8]) {
        assert!(a.link.is_some(), "{}", a.title);
        assert_eq!(a.date, date(2025, 12, day), "{}", a.title);
    }
    assert_not_in_text(&r, &["【", "发布时间", "链接", "主要内容"]);
    for name in ["c08_author", "c08d_author"] {
        let r = layout(name);
        let got: Vec<_> = r
            .articles
            .iter()
            .map(|a| (a.source.as_deref().unwrap_or(""), a.link.is_some(), a.date))
            .collect();
        let want: Vec<_> = ["人民日报", "解放日报", "浙江日报", "南方日报", "四川日报"]
            .into_iter()
            .zip(1..)
            .map(|(s, d)| (s, true, date(2025, 12, d)))
            .collect();
        assert_eq!(got, want, "{name}");
        assert_not_in_text(&r, &["作者", "发布时间", "链接", "来源"]);
    }
    for name in ["c08b_unnumbered", "c08c_unnumbered"] {
        let r = layout(name);
        assert_articles(&r, &FOUR[..3]);
        assert_eq!(r.articles[1].date, date(2025, 12, 2), "{name}");
        assert_not_in_text(&r, &["作者", "发布时间", "链接", "来源"]);
    }
}

/// Without numbers or a TOC, a chart's caption with `来源：…` under it
/// inside an article is not an article: a title needs a 链接 or 主要内容
/// among the labels below it.
#[test]
fn a_captioned_source_inside_an_article_is_not_a_title() {
    let r = layout("c05b_unnumbered");
    assert_articles(&r, &FOUR[..3]);
    assert!(r.articles[0]
        .text
        .contains("2025年全国电子病历系统应用水平分级评价结果"));
    let with_toc = layout("c05_unnumbered");
    assert_eq!(with_toc.articles, r.articles);
}

/// ㉑ and ㉒ number articles 21 and 22 of a long monthly report (they were
/// inside article 20's text, unwarned).
#[test]
fn circled_numbers_past_twenty() {
    let r = layout("c20_monthly");
    assert_eq!(r.articles.len(), 22);
    assert_eq!(
        r.articles[21].title,
        "重庆：2026年全国卫生健康信息化工作会议在京召开"
    );
    assert_not_in_text(&r, &["来源：", "链接："]);
}

/// Outlets written after a dash in the TOC (`标题——人民日报`,
/// `标题 - 解放日报`), or in the heading without a TOC
/// (`标题（来源：四川日报）`, `标题（湖北日报）`).
#[test]
fn outlets_after_a_dash_or_in_the_heading() {
    for name in ["c12_toc_dash", "c12b_toc_dash"] {
        let r = layout(name);
        assert_articles(&r, &FOUR);
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
    }
    let expected = SICHUAN_BEIJING_HUBEI;
    assert_articles(&layout("c13_source_in"), &expected);
    assert_articles(&layout("c13b_source_in"), &expected);
}

/// Trailer words and repeated lines that are article content stay: a
/// paragraph starting 免责声明类条款…, a mid-text 编辑： credit, an
/// infographic's `6800`, the centre's name signing quoted notices, and a
/// sub-heading used in three articles; the report's own trailer goes.
#[test]
fn content_that_looks_like_furniture_or_a_trailer_stays() {
    let r = layout("c06_trailer");
    assert!(
        r.articles[1]
            .text
            .contains("免责声明类条款是否清晰告知患者权利义务"),
        "{}",
        r.articles[1].text
    );
    assert!(
        r.articles[0]
            .text
            .contains("编辑：国家卫生健康委规划司信息化处"),
        "{}",
        r.articles[0].text
    );
    assert_not_in_text(&r, &["免责声明：", "审核：李建国"]);
    let r = layout("c07_repeated");
    assert_text_has(&r.articles[0], &["数说\n6800\n"]);
    for a in &r.articles {
        assert!(a.text.contains("专家观点"), "{}", a.title);
    }
    for a in &r.articles[..2] {
        assert!(
            a.text.contains("北京市卫生健康大数据与政策研究中心"),
            "{}",
            a.title
        );
    }
}

/// `监测时间为2026年1月10日至16日`: the end of the period gives the day only.
#[test]
fn a_period_whose_end_gives_the_day_only() {
    let r = layout("c18_header");
    assert_eq!(r.issue.number, Some(667));
    assert_eq!(r.issue.period_start, date(2026, 1, 10));
    assert_eq!(r.issue.period_end, date(2026, 1, 16));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// A heading that lost its number between numbered ones is still a
/// section when the TOC lists it (it was inside the article before it).
#[test]
fn a_heading_that_lost_its_number_is_found_by_the_toc() {
    let r = layout("c19_mixed");
    assert_eq!(
        titles_of(&r),
        [
            "国家卫健委印发《医疗机构数据安全管理指南》",
            "上海上线“医疗付费一件事”应用场景",
            "浙江省推进县域医共体数字化改革",
            "广东发布人工智能医疗器械创新任务揭榜结果",
            "四川：电子健康卡实现全省通用",
        ]
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_not_in_text(&r, &["来源：", "链接："]);
}

/// Many faulty sections give a bounded list of warnings (10 and a count),
/// and a runaway title is quoted clipped.
#[test]
fn warnings_are_bounded_and_titles_clipped() {
    let mut text =
        String::from("全国卫生信息化舆情监测周报\n（第六五六期）\n2025年12月12日\n二、具体内容\n");
    for n in 1..=50 {
        text.push_str(&format!(
            "{n}.\n来源：人民日报\n链接：https://www.people.com.cn/{n}.html\n主要内容：\n第{n}篇正文。\n"
        ));
    }
    let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), &text).unwrap();
    assert_eq!(r.articles.len(), 50);
    let untitled = r
        .warnings
        .iter()
        .filter(|w| w.message.contains("has no title"))
        .count();
    assert_eq!(untitled, 10, "{:?}", r.warnings);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.message.contains("… and 40 more sections without a title")));

    let long = "很长的标题".repeat(200);
    let text = format!(
        "全国卫生信息化舆情监测周报\n（第六五六期）\n2025年12月12日\n一、信息目录\n1. 目录里的标题\n二、具体内容\n1. {long}\n来源：人民日报\n链接：https://www.people.com.cn/1.html\n主要内容：\n正文。\n"
    );
    let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), &text).unwrap();
    assert!(!r.warnings.is_empty());
    for w in &r.warnings {
        assert!(w.message.chars().count() < 300, "{w}");
    }
}

/// Two issues pasted into one file are read as two issues, each article
/// under its own issue's number and date, and no article's text holds the
/// next issue's header, lead or TOC.
#[test]
fn two_issues_in_one_file_are_two_issues() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/layouts/c14_two_issues_one_file.txt");
    let out = yuqing::corpus::walk::ingest(std::slice::from_ref(&path), &|_| {});
    assert!(out.failures.is_empty());
    let issues: Vec<_> = out
        .reports
        .iter()
        .map(|r| (r.issue.number, r.issue.date, r.articles.len()))
        .collect();
    assert_eq!(
        issues,
        [
            (Some(656), date(2025, 12, 12), 3),
            (Some(657), date(2025, 12, 19), 3)
        ]
    );
    for r in &out.reports {
        assert_not_in_text(r, &["舆情监测周报", "本期导语", "信息目录", "第六五七期"]);
    }
    // Alone, read_report gives the first issue and says there is another.
    let first = read_report(&path).unwrap();
    assert_eq!(first.issue.number, Some(656));
    assert!(first
        .warnings
        .iter()
        .any(|w| w.message.contains("holds 2 issues; only the first")));
}

/// A line `目录` inside an article, with no masthead or issue number above
/// it, does not split the report.
#[test]
fn a_toc_word_inside_an_article_splits_nothing() {
    let seed = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/reports/001_510d352a014b6f5f.txt"),
    )
    .unwrap();
    let text = seed.replacen(
        "人民医院微信服务号上线",
        "目录\n\n人民医院微信服务号上线",
        1,
    );
    assert_ne!(text, seed);
    let reports = yuqing::corpus::parse::parse_reports_with(
        std::path::Path::new("x.txt"),
        &text,
        yuqing::corpus::parse::Layout::Auto,
    )
    .unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].articles.len(), 3);
}

/// Round 3 of the layout QA: things inside articles that the new rules read
/// as structure. The paragraph `2.3亿人次…。` over a chart credit `来源：…`;
/// a reading list (`延伸阅读：`, `相关文件：` / `1. 《…》` / `来源：` /
/// `链接：`); the article's own headline under its labels (the seed layout)
/// starting with a decimal or in a report without numbers or TOC.
#[test]
fn references_and_inner_headlines_inside_articles_are_text() {
    let r = layout("r3_c01");
    assert_eq!(r.articles.len(), 3, "{:#?}", r.articles);
    assert_text_has(&r.articles[0], &["2.3亿人次通过医保码"]);
    assert_text_has(&r.articles[0], &["来源：国家医保局官网"]);
    let r = layout("r3_c04");
    assert_eq!(r.articles.len(), 3, "{:#?}", r.articles);
    assert!(
        r.articles[0]
            .text
            .contains("延伸阅读：\n“数据要素×”三年行动计划"),
        "{}",
        r.articles[0].text
    );
    let r = layout("r3_c02");
    assert_eq!(r.articles.len(), 3, "{:#?}", r.articles);
    assert!(
        r.articles[0]
            .text
            .contains("2. 《卫生健康行业人工智能应用场景参考指引》"),
        "{}",
        r.articles[0].text
    );
    for (name, n) in [("r3_c32", 2), ("r3_c31", 2)] {
        let r = layout(name);
        assert_eq!(r.articles.len(), n, "{name}: {:#?}", r.articles);
        for a in &r.articles {
            assert!(
                a.link.is_some() && !a.text.is_empty(),
                "{name}: {}",
                a.title
            );
        }
    }
    let r = layout("r3_c32");
    assert!(
        r.articles[0].text.starts_with("2.3亿人次用上医保码"),
        "{}",
        r.articles[0].text
    );
}

/// A list ending an article (`（三）智慧医疗工程` above `2. …`) is not a
/// theme group; a 免责声明 quoted inside an earlier article is its text.
#[test]
fn list_items_and_quoted_disclaimers_stay() {
    let r = layout("r3_c07");
    assert_eq!(r.articles.len(), 3);
    assert!(
        r.articles[0].text.ends_with("（三）智慧医疗工程"),
        "{}",
        r.articles[0].text
    );
    assert_text_has(&r.articles[2], &["（三）智慧医疗工程"]);
    let r = layout("r3_c26");
    assert!(
        r.articles[0]
            .text
            .contains("免责声明：以上内容由人工智能生成"),
        "{}",
        r.articles[0].text
    );
    assert!(r.articles[0]
        .text
        .contains("明确AI健康咨询的服务边界和责任主体"));
}

/// Issues in one file: a PDF's running header repeats its own issue's
/// number and does not split (also with a paragraph starting 导语：), nor
/// does a report outline with 本期导语 quoted in an article; a second issue
/// without masthead, a middle issue without 本期导语, and a tall header
/// with blank lines all split.
#[test]
fn issues_in_one_file_split_only_at_another_issue_number() {
    let issues = |name: &str| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/layouts");
        let path = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(name))
            .unwrap();
        let out = yuqing::corpus::walk::ingest(&[path], &|_| {});
        assert!(out.failures.is_empty(), "{name}");
        out.reports
            .iter()
            .map(|r| (r.issue.number.unwrap_or(0), r.articles.len()))
            .collect::<Vec<_>>()
    };
    assert_eq!(issues("r3_c14_pdf"), [(679, 3)]);
    assert_eq!(issues("r3_c14b"), [(679, 3)]);
    assert_eq!(issues("r3_c15"), [(680, 3)]);
    assert_eq!(issues("r3_c11"), [(676, 2), (677, 2)]);
    assert_eq!(issues("r3_c12"), [(676, 2), (677, 2), (678, 2)]);
    assert_eq!(issues("r3_c13"), [(676, 2), (677, 2), (678, 2)]);
    assert_eq!(issues("r3_c27b"), [(694, 1), (695, 1)]);
    let r = layout("r3_c15");
    assert_text_has(&r.articles[2], &["\n本期导语"]);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// Gaps closed in round 3: the marker 二、信息详情; unnumbered titles
/// written `标题：…`; numbering `Ⅰ、` and `第一篇`; a monitoring period
/// across the new year, and one without years (the header's year).
#[test]
fn more_markers_numberings_and_periods() {
    for name in ["r3_c23", "r3_c30"] {
        let r = layout(name);
        assert_eq!(
            titles_of(&r),
            [
                "国家数据局：推动医疗健康数据高质量供给",
                "江苏建成省级医学影像云平台",
                "北京上线“京医通”智能预问诊服务"
            ],
            "{name}"
        );
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
    }
    for name in ["r3_c19", "r3_c20"] {
        let r = layout(name);
        assert_eq!(
            titles_of(&r),
            [
                "国家卫健委：推进医疗机构检查检验结果互认",
                "5G、AI赋能基层远程会诊",
                "3D打印技术助力骨科手术精准化"
            ],
            "{name}"
        );
    }
    let r = layout("r3_c29a");
    assert_eq!(
        (r.issue.period_start, r.issue.period_end),
        (date(2025, 12, 27), date(2026, 1, 2))
    );
    let r = layout("r3_c29b");
    assert_eq!(
        (r.issue.period_start, r.issue.period_end),
        (date(2026, 6, 20), date(2026, 6, 26))
    );
}

/// Theme groups written `【政策动态】`, numbered `1. 政策动态` over articles
/// `1.1 …`, or with a summary line under them; Markdown rules; a policy's
/// `（一）总体要求` / `1. …` outline quoted inside a grouped report's article
/// stays in it.
#[test]
fn more_theme_group_forms() {
    let titles = [
        "国家医保局部署医保信息化标准化工作",
        "北京市发布医疗数据出境安全评估指引",
        "上海瑞金医院启用AI病理诊断平台",
        "广州上线区域健康医疗大数据平台",
    ];
    for name in ["r3_c09", "r3_c10", "r3_c28"] {
        let r = layout(name);
        assert_eq!(titles_of(&r), titles, "{name}");
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
        assert_not_in_text(&r, &["政策动态", "行业动态", "本月", "---", "***", "1.2 "]);
    }
    let r = layout("r3_c06");
    assert_eq!(r.articles.len(), 4);
    assert_text_has(
        &r.articles[0],
        &[
            "（一）总体要求",
            "（二）重点任务",
            "2. 推进电子病历和电子健康档案互通。",
            "（三）保障措施",
            "各地要加强组织领导，落实经费保障，强化数据安全管理。",
        ],
    );
}

/// The report's trailer after a rule (`━━━`, 报送/编印/地址/电话, the
/// credit line) and a TOC repeated at the end (`附：本期目录`) are not the
/// last article's text; an article's own contact lines are.
#[test]
fn trailers_after_a_rule_and_a_toc_index_at_the_end() {
    let r = layout("r3_c05");
    assert_eq!(r.articles.len(), 3);
    assert_not_in_text(
        &r,
        &[
            "━",
            "报送：",
            "编印",
            "地址：",
            "电话：010-8888",
            "审核",
            "责任编辑",
        ],
    );
    assert_text_has(&r.articles[1], &["联系人：王磊"]);
    assert!(r.articles[1].text.contains("联系电话：010-83970000"));
    for name in ["r3_c25_", "r3_c25b"] {
        let r = layout(name);
        assert_eq!(r.articles.len(), 3, "{name}");
        assert_not_in_text(&r, &["本期目录", "……"]);
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
    }
}

/// A TOC exported from Word as a Markdown table (`| 1 | 标题 | 人民日报 |`),
/// with bold headings and `**来源：**` lines as the only labels.
#[test]
fn a_markdown_table_of_contents() {
    let titles = [
        "国家卫健委：推进医疗机构检查检验结果互认",
        "湖北：“鄂汇办”上线出院患者随访服务",
        "深圳推进“AI+医疗”场景开放",
    ];
    for name in ["r3_c16", "r3_c17_"] {
        let r = layout(name);
        let got: Vec<(&str, &str)> = r
            .articles
            .iter()
            .map(|a| (a.title.as_str(), a.source.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            titles
                .into_iter()
                .zip(["人民日报", "湖北日报", "深圳特区报"])
                .collect::<Vec<_>>(),
            "{name}"
        );
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
        assert_not_in_text(&r, &["|", "来源"]);
    }
}

/// The fourth QA pass generated variants of the seeds and layouts (labels,
/// numbering, TOC, PDF wrapping, encodings, trailers, issues pasted
/// together) and kept a minimal file for each kind of failure, with the
/// articles it should give (`q4_*.expected.json`). Each must give exactly
/// those: count, title, source, link, date, original title, and text
/// (compared without whitespace: PDF wrapping may move line breaks).
#[test]
fn mutation_cases_give_their_expected_articles() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/layouts");
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut failures = Vec::new();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_str().unwrap().ends_with(".expected.json"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{}", dir.display());
    for expected_path in &cases {
        let name = expected_path.file_name().unwrap().to_str().unwrap();
        let stem = name.trim_end_matches(".expected.json");
        let input = ["txt", "md"]
            .iter()
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .find(|p| p.exists())
            .unwrap();
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(expected_path).unwrap()).unwrap();
        // In file order (ingest orders issues by date).
        let reports = yuqing::corpus::formats::read_reports(&input).unwrap_or_default();
        let got: Vec<&yuqing::corpus::Article> = reports.iter().flat_map(|r| &r.articles).collect();
        let want = expected["expected"].as_array().unwrap();
        if got.len() != want.len() {
            failures.push(format!(
                "{stem}: {} articles, expected {}",
                got.len(),
                want.len()
            ));
            continue;
        }
        for (a, w) in got.iter().zip(want) {
            let s = |k: &str| w[k].as_str().map(str::to_owned);
            let checks = [
                ("title", Some(a.title.clone()), s("title")),
                ("source", a.source.clone(), s("source")),
                ("link", a.link.clone(), s("link")),
                ("date", a.date.map(|d| d.to_string()), s("date")),
                ("original title", a.original_title.clone(), s("orig")),
                (
                    "text",
                    Some(squeeze(&a.text)),
                    s("text").map(|t| squeeze(&t)),
                ),
            ];
            for (field, got, want) in checks {
                if got != want {
                    failures.push(format!(
                        "{stem}: {}: {field} {got:?}, expected {want:?}",
                        a.title
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Fourth-pass cases without an expected file: a numbered reference list
/// in a report whose titles carry no number (with a TOC); a line ending in
/// `：` just before the next heading; a `目录` quoted in an article of a
/// report without a TOC; the centre's page footer `…研究中心　第N页` in PDF
/// text without page breaks.
#[test]
fn mutation_cases_checked_by_hand() {
    let titles = |r: &Report| {
        r.articles
            .iter()
            .map(|a| a.title.clone())
            .collect::<Vec<_>>()
    };
    let r = layout("q4_H");
    assert_eq!(r.articles.len(), 3, "{:?}", titles(&r));
    assert!(r.articles[0]
        .text
        .contains("《卫生健康行业人工智能应用场景参考指引》"));
    let r = layout("q4_L");
    assert_eq!(
        titles(&r),
        [
            "国家卫健委印发《医疗机构数据安全管理指南》",
            "上海上线“医疗付费一件事”应用场景"
        ]
    );
    assert!(r.articles[0].text.ends_with("具体措施包括以下几个方面："));
    let r = layout("q4_N");
    assert_eq!(r.articles.len(), 3, "{:?}", titles(&r));
    assert_text_has(&r.articles[1], &["目录\n一、测评目的"]);
    let r = layout("q4_Q");
    assert_eq!(r.articles.len(), 4, "{:?}", titles(&r));
    assert_not_in_text(&r, &["第1页", "第2页", "研究中心"]);
    assert!(r.articles.iter().all(|a| a.link.is_some()));
}

/// A one-page report in PDF text ends with the centre's footer
/// (`北京市卫生健康大数据与政策研究中心 第1页`): it is not the last article's
/// text (found by the mutation run after the fourth pass's fixes).
#[test]
fn a_one_page_footer_at_the_end_is_dropped() {
    let r = layout("q4_S_one_page");
    assert_not_in_text(&r, &["研究中心", "第1页"]);
    let last: String = r.articles.last().unwrap().text.split_whitespace().collect();
    assert!(last.ends_with("手术时间平均缩短30%。"), "{last}");
}

/// A TOC without numbers carries its outlets inline, and one of them
/// (`人民邮电报`) ends in a word that closes titles (`电报`): it is still
/// the outlet, so the TOC title matches the section below it and both
/// articles are read (the mutation run lost the second).
#[test]
fn an_outlet_ending_like_a_title_word_is_split_off_the_toc_line() {
    let text = "全国卫生信息化舆情监测周报\n（第六八五期）\n2026年5月29日\n本期导语：\n\
本期周报共收集2篇相关信息，时间从2026年5月23日到2026年5月29日。\n一、信息目录\n\
国家卫健委：推进医疗机构检查检验结果互认（人民日报）\n5G、AI赋能基层远程会诊（人民邮电报）\n\
二、具体内容\n国家卫健委：推进医疗机构检查检验结果互认\n来源：人民日报\n\
链接：https://paper.people.com.cn/rmrb/pc/content/202605/25/content_30245678.html\n主要内容：\n\
国家卫生健康委近日印发通知，要求到2026年底，各地检查检验结果互认项目不少于200项。\n\
5G、AI赋能基层远程会诊\n来源：人民邮电报\n链接：https://www.cnii.com.cn/rmydb/202605/t20260526_612345.html\n\
主要内容：\n中国移动联合多地卫生健康部门建设5G远程会诊网络，已覆盖3000余家乡镇卫生院。\n";
    let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), text).unwrap();
    assert_eq!(
        titles_of(&r),
        [
            "国家卫健委：推进医疗机构检查检验结果互认",
            "5G、AI赋能基层远程会诊"
        ]
    );
    assert_eq!(r.articles[1].source.as_deref(), Some("人民邮电报"));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// A report without numbers or TOC whose article quotes a document's
/// `目录`: the line is under the article's 来源/链接/主要内容, so it is
/// the article's text, not the report's TOC (which took the rest of the
/// report and left no articles).
#[test]
fn a_toc_line_under_an_unnumbered_article_is_its_text() {
    let text = "全国卫生信息化舆情监测周报\n（第六八〇期）\n2026年5月8日\n本期导语：\n\
本期周报共收集2篇相关信息，时间从2026年5月2日到2026年5月8日。\n\
《医院信息互联互通标准化成熟度测评方案（2026年版）》发布\n来源：国家卫生健康委统计信息中心\n\
链接：http://www.chiss.org.cn/hyzx/202605/t20260505_123456.html\n主要内容：\n\
统计信息中心近日发布测评方案。方案正文包括以下部分：\n目录\n测评目的与范围\n\
广州上线区域健康医疗大数据平台\n来源：南方日报\n\
链接：https://epaper.southcn.com/nfdaily/html/202602/26/content_10134567.htm\n主要内容：\n\
广州市区域健康医疗大数据平台近日上线运行。\n";
    let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), text).unwrap();
    assert_eq!(
        titles_of(&r),
        [
            "《医院信息互联互通标准化成熟度测评方案（2026年版）》发布",
            "广州上线区域健康医疗大数据平台"
        ]
    );
    assert_text_has(&r.articles[0], &["以下部分：\n目录\n测评目的与范围"]);
}

/// A report without numbers, TOC, 链接 or 主要内容: each article is a title
/// over `来源：…` and its text. With nothing else to mark the sections,
/// the 来源 alone does (the report was read as having no articles).
#[test]
fn unnumbered_articles_with_only_a_source_are_read() {
    let text = "全国卫生信息化舆情监测周报\n（第六八二期）\n2026年5月22日\n本期导语：\n\
本期周报共收集2篇相关信息，时间从2026年5月16日到2026年5月22日。\n二、具体内容\n\
湖北：“鄂汇办”上线出院患者随访服务\n来源：湖北日报（2026年5月19日）\n\
湖北省卫生健康委依托“鄂汇办”App上线出院患者随访服务。\n\
深圳推进“AI+医疗”场景开放\n来源：深圳特区报（2026年5月21日）\n\
深圳市卫生健康委日前发布首批“AI+医疗”应用场景清单。\n";
    let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), text).unwrap();
    assert_articles(
        &r,
        &[
            ("湖北：“鄂汇办”上线出院患者随访服务", "湖北日报", None),
            ("深圳推进“AI+医疗”场景开放", "深圳特区报", None),
        ],
    );
    assert_eq!(r.articles[1].date, date(2026, 5, 21));
    assert_text_has(&r.articles[1], &["应用场景清单"]);
}

/// An issue with no header at all (its articles from the first line), then
/// another issue pasted after it: two issues, the first without number or
/// date, and none of its articles lost to the second (the second issue's
/// number within the first 40 lines was taken for the first's, so the file
/// was not split, and the first issue's articles became the second's
/// header). With or without the first issue's own TOC and numbers.
#[test]
fn an_issue_without_a_header_pasted_before_another_is_its_own_issue() {
    let second = "全国卫生信息化舆情监测周报\n（第六五六期）\n2025年12月12日\n本期导语：\n\
本期周报共收集1篇相关信息，时间从2025年12月6日到2025年12月12日。\n一、信息目录\n\
1. 浙江省推进县域医共体数字化改革\n二、具体内容\n1. 浙江省推进县域医共体数字化改革\n\
来源：浙江日报\n链接：https://zjnews.zjol.com.cn/202512/t20251203_31234567.shtml\n主要内容：\n\
记者从浙江省卫生健康委获悉，全省县域医共体数字化改革全面推开。\n";
    let first_toc = "一、信息目录\n国家卫健委印发《医疗机构数据安全管理指南》（人民日报）\n\
上海上线“医疗付费一件事”应用场景（解放日报）\n二、具体内容\n";
    let first_articles = "国家卫健委印发《医疗机构数据安全管理指南》\n来源：人民日报\n\
链接：https://www.peopledaily.com.cn/health/2025/1201/c14739-40612345.html\n主要内容：\n\
近日，国家卫生健康委办公厅印发《医疗机构数据安全管理指南》。\n\
上海上线“医疗付费一件事”应用场景\n来源：解放日报\n\
链接：https://www.jfdaily.com/news/detail?id=912345\n主要内容：\n\
12月2日起，上海全市各级公立医疗机构全面上线“医疗付费一件事”应用场景。\n";
    for first in [
        format!("{first_toc}{first_articles}"),
        first_articles.to_owned(),
    ] {
        let text = format!("{first}{second}");
        let reports = yuqing::corpus::parse::parse_reports_with(
            std::path::Path::new("x.txt"),
            &text,
            yuqing::corpus::parse::Layout::Auto,
        )
        .unwrap();
        let issues: Vec<_> = reports
            .iter()
            .map(|r| (r.issue.number, r.issue.date, titles_of(r)))
            .collect();
        assert_eq!(
            issues,
            [
                (
                    None,
                    None,
                    vec![
                        "国家卫健委印发《医疗机构数据安全管理指南》",
                        "上海上线“医疗付费一件事”应用场景"
                    ]
                ),
                (
                    Some(656),
                    date(2025, 12, 12),
                    vec!["浙江省推进县域医共体数字化改革"]
                ),
            ],
            "{first}"
        );
    }
}

/// A reading list in an article (`相关文件：` / `1. 《…》` / `来源：` /
/// `链接：` / `2. 《…》` / …) in a report without a TOC: its items carry a
/// 来源/链接 and no text, so they are the article's text, whether the
/// articles are numbered (item 2 was read as article 2, before the real
/// one) or not (the items were read as the only articles).
#[test]
fn a_numbered_reading_list_without_a_toc_is_article_text() {
    let article = |n: &str, title: &str, source: &str, link: &str, text: &str| {
        format!("{n}{title}\n来源：{source}\n链接：{link}\n主要内容：\n{text}\n")
    };
    for numbers in [["1. ", "2. ", "3. "], ["", "", ""]] {
        let text = format!(
            "全国卫生信息化舆情监测周报\n（第六七一期）\n2026年3月13日\n本期导语：\n\
本期周报共收集3篇相关信息，时间从2026年3月7日到2026年3月13日。\n二、具体内容\n{}\
相关文件：\n1. 《关于促进和规范“人工智能+医疗卫生”应用发展的实施意见》\n\
来源：国家卫生健康委员会网站\n链接：http://www.nhc.gov.cn/guihuaxxs/c100133/202511/aa11bb22cc33.shtml\n\
2. 《卫生健康行业人工智能应用场景参考指引》\n来源：国家卫生健康委员会网站\n\
链接：http://www.nhc.gov.cn/guihuaxxs/c100133/202603/dd44ee55ff66.shtml\n{}{}",
            article(
                numbers[0],
                "国家卫健委发布《卫生健康行业人工智能应用场景参考指引》解读",
                "国家卫生健康委员会网站",
                "http://www.nhc.gov.cn/guihuaxxs/c100133/202603/1a2b3c4d5e6f.shtml",
                "《指引》提出84个具体应用场景。"
            ),
            article(
                numbers[1],
                "浙江：“浙里办”上线出生医学证明电子证照",
                "浙江日报",
                "https://zjrb.zjol.com.cn/html/2026-03/10/content_3812345.htm",
                "“浙里办”近日上线出生医学证明电子证照。"
            ),
            article(
                numbers[2],
                "四川省启动全民健康信息平台三期建设",
                "四川日报",
                "https://epaper.scdaily.cn/shtml/scrb/20260312/334567.shtml",
                "四川省全民健康信息平台三期建设项目近日启动。"
            ),
        );
        let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), &text).unwrap();
        assert_eq!(
            titles_of(&r),
            [
                "国家卫健委发布《卫生健康行业人工智能应用场景参考指引》解读",
                "浙江：“浙里办”上线出生医学证明电子证照",
                "四川省启动全民健康信息平台三期建设"
            ],
            "{text}"
        );
        assert!(r.articles[0]
            .link
            .as_deref()
            .unwrap()
            .ends_with("1a2b3c4d5e6f.shtml"));
        assert_text_has(
            &r.articles[0],
            &[
                "相关文件：\n1. 《关于促进",
                "2. 《卫生健康行业人工智能应用场景参考指引》",
                "dd44ee55ff66.shtml",
            ],
        );
    }
}

/// Sections numbered past 999 (`1000. 标题`) are headings where their
/// number is the next one, in the TOC and the body, so a file of more
/// than 999 sections is not read as 999 with the rest in the last; a
/// line starting with a year (`2025、…`) stays text.
#[test]
fn sections_numbered_past_999_are_read() {
    for toc in [false, true] {
        let mut text = String::from(
            "全国卫生信息化舆情监测周报\n（第六五六期）\n2025年12月12日\n\
本期导语：\n时间从2025年12月6日到2025年12月12日。\n",
        );
        if toc {
            text.push_str("一、信息目录\n");
            for n in 1..=1002 {
                text.push_str(&format!("{n}. 第{n}篇标题\n"));
            }
        }
        text.push_str("二、具体内容\n");
        for n in 1..=1002 {
            text.push_str(&format!(
                "{n}. 第{n}篇标题\n来源：人民日报\n链接：https://www.people.com.cn/{n}.html\n主要内容：\n第{n}篇正文。\n"
            ));
            if n == 998 {
                text.push_str("2025、2026年两年的数据如下。\n");
            }
        }
        let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), &text).unwrap();
        assert_eq!(r.articles.len(), 1002, "toc: {toc}");
        for (k, n) in [(997, 998), (999, 1000), (1001, 1002)] {
            let a = &r.articles[k];
            assert_eq!(a.title, format!("第{n}篇标题"), "toc: {toc}");
            assert!(a.text.starts_with(&format!("第{n}篇正文。")), "{}", a.text);
        }
        assert!(r.articles[997]
            .text
            .ends_with("2025、2026年两年的数据如下。"));
        assert!(
            r.warnings
                .iter()
                .all(|w| !toc && w.message.contains("no table of contents")),
            "toc: {toc}: {:?}",
            r.warnings
        );
    }
}

/// PDF text of a report without numbers or TOC, where a 原标题 under the
/// title wraps onto a second line before the 来源/链接: the title is still
/// an article's (it was read into the text of the article before, or
/// lost with the header when it was the first).
#[test]
fn an_unnumbered_title_over_a_wrapped_original_title_is_an_article() {
    let text = "全国卫生信息化舆情监测周报\n（第六五六期）\n2025年12月12日\n本期导语：\n\
本期周报共收集2篇相关信息，时间从2025年12月6日到2025年12月12日。\n\
国家卫健委印发《医疗机构数据安全管理指南》\n\
原标题：国家卫健委办公厅印发医疗机构数据安全管理指南 明确数据分类分级要\n求\n来源：人民日报\n\
链接：https://www.peopledaily.com.cn/health/2025/1201/c14739-40612345.html\n主要内容：\n\
近日，国家卫生健康委办公厅印发《医疗机构数据安全管理指南》。\n\
广东发布人工智能医疗器械创新任务揭榜结果\n来源：南方日报\n\
链接：https://epaper.southcn.com/nfdaily/html/202512/04/content_10123456.htm\n主要内容：\n\
据悉，入选单位将获得临床试验绿色通道、首台套保险补偿等政策支持。\n";
    let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), text).unwrap();
    assert_articles(
        &r,
        &[
            (
                "国家卫健委印发《医疗机构数据安全管理指南》",
                "人民日报",
                Some(RMRB),
            ),
            (
                "广东发布人工智能医疗器械创新任务揭榜结果",
                "南方日报",
                Some("https://epaper.southcn.com/"),
            ),
        ],
    );
    assert_eq!(
        r.articles[0].original_title.as_deref(),
        Some("国家卫健委办公厅印发医疗机构数据安全管理指南 明确数据分类分级要求")
    );
}

/// A TOC without numbers whose first outlet is a site (`（国家卫生健康委
/// 员会网站）`): it is the outlet, so the next line starts the next entry
/// instead of continuing the first, and the unnumbered sections match
/// their TOC titles (only the last article was read).
#[test]
fn a_website_in_brackets_on_a_toc_line_is_its_outlet() {
    let text = "全国卫生信息化舆情监测周报\n（第六七一期）\n2026年3月13日\n本期导语：\n\
本期周报共收集2篇相关信息，时间从2026年3月7日到2026年3月13日。\n一、信息目录\n\
国家卫健委发布《卫生健康行业人工智能应用场景参考指引》解读（国家卫生健康委员会网站）\n\
浙江：“浙里办”上线出生医学证明电子证照（浙江日报）\n二、具体内容\n\
国家卫健委发布《卫生健康行业人工智能应用场景参考指引》解读\n来源：国家卫生健康委员会网站\n\
链接：http://www.nhc.gov.cn/guihuaxxs/c100133/202603/1a2b3c4d5e6f.shtml\n主要内容：\n\
国家卫生健康委组织编制了《卫生健康行业人工智能应用场景参考指引》。\n\
浙江：“浙里办”上线出生医学证明电子证照\n来源：浙江日报\n\
链接：https://zjrb.zjol.com.cn/html/2026-03/10/content_3812345.htm\n主要内容：\n\
“浙里办”近日上线出生医学证明电子证照。\n";
    let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), text).unwrap();
    assert_eq!(
        titles_of(&r),
        [
            "国家卫健委发布《卫生健康行业人工智能应用场景参考指引》解读",
            "浙江：“浙里办”上线出生医学证明电子证照"
        ]
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// A report without markers, TOC or numbered titles whose first article
/// ends with a numbered point (`三、智慧医疗工程`): the body starts at the
/// first title with labels under it (a 原标题 wrapped between them or
/// not), not at that point, so the first article is not lost to the lead.
#[test]
fn the_first_unnumbered_article_comes_before_a_numbered_point_in_it() {
    for orig in [
        "",
        "原标题：北京市智慧医院建设三年行动方案印发 三项重点工程明确建设任\n务\n",
    ] {
        let text = format!(
            "北京市卫生信息化舆情监测月报\n（第五四三期）\n2026年1月31日\n本期导语：\n\
本期月报共收集2篇卫生信息化相关信息，时间从2026年1月1日至2026年1月31日。\n\
北京市印发智慧医院建设三年行动方案\n{orig}来源：北京日报\n\
链接：https://bjrbdzb.bjd.com.cn/bjrb/mobile/2026/20260115/content_4.htm\n主要内容：\n\
北京市卫生健康委近日印发行动方案，提出三项重点工程：\n三、智慧医疗工程\n\
广州上线区域健康医疗大数据平台\n来源：南方日报\n\
链接：https://epaper.southcn.com/nfdaily/html/202601/28/content_10134567.htm\n主要内容：\n\
广州市区域健康医疗大数据平台近日上线运行。\n"
        );
        let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), &text).unwrap();
        assert_eq!(
            titles_of(&r),
            [
                "北京市印发智慧医院建设三年行动方案",
                "广州上线区域健康医疗大数据平台"
            ],
            "{text}"
        );
        assert!(r.articles[0]
            .text
            .ends_with("三项重点工程：\n三、智慧医疗工程"));
        assert_eq!(r.articles[0].original_title.is_some(), !orig.is_empty());
    }
}

/// A TOC line ending in an outlet that neither ends like one nor is a
/// known name (`（国家卫生健康委统计信息中心）`, `（Caixin Global）`): the
/// section's 来源 names it, so it is the outlet, and the title matches the
/// unnumbered section below (which was read into the article before).
#[test]
fn a_toc_outlet_named_by_a_section_source_is_split_off() {
    let text = "全国卫生信息化舆情监测周报\n（第六八〇期）\n2026年5月8日\n本期导语：\n\
本期周报共收集3篇相关信息，时间从2026年5月2日到2026年5月8日。\n一、信息目录\n\
《医院信息互联互通标准化成熟度测评方案（2026年版）》发布（国家卫生健康委统计信息中心）\n\
AI hospital pilots expand（Caixin Global）\n\
央视：AI医生走进县域医院（央视新闻客户端）\n二、具体内容\n\
《医院信息互联互通标准化成熟度测评方案（2026年版）》发布\n来源：国家卫生健康委统计信息中心\n\
链接：http://www.chiss.org.cn/hyzx/202605/t20260505_123456.html\n主要内容：\n\
统计信息中心近日发布测评方案。\n\
AI hospital pilots expand\n来源：Caixin Global\n链接：https://www.caixinglobal.com/2026-05-04/ai.html\n\
主要内容：\n多地医院扩大人工智能试点。\n\
央视：AI医生走进县域医院\n来源：央视新闻客户端\n\
链接：https://news.cctv.com/2026/05/03/ARTIabcdefg654321.shtml\n主要内容：\n\
在不少县域医院，AI辅助诊断系统正在成为医生的“好帮手”。\n";
    let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), text).unwrap();
    assert_eq!(
        titles_of(&r),
        [
            "《医院信息互联互通标准化成熟度测评方案（2026年版）》发布",
            "AI hospital pilots expand",
            "央视：AI医生走进县域医院"
        ]
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// A one-page issue without its header page (no masthead, no issue
/// number) ends with the page footer `…研究中心　第1页`: with no header to
/// name the centre, the page number still makes it a footer, not the last
/// article's text.
#[test]
fn a_one_page_footer_without_a_header_is_dropped() {
    let text = "国家卫健委印发《医疗机构数据安全管理指南》\n来源：人民日报\n\
链接：https://www.peopledaily.com.cn/health/2025/1201/c14739-40612345.html\n主要内容：\n\
近日，国家卫生健康委办公厅印发《医疗机构数据安全管理指南》。\n\
上海上线“医疗付费一件事”应用场景\n来源：解放日报\n\
链接：https://www.jfdaily.com/news/detail?id=912345\n主要内容：\n\
截至目前，已有超过40万人次使用“信用就医”功能，先诊疗后付费的比例明显提升。\n\
编辑：王晓燕    审核：刘建国\n北京市卫生健康大数据与政策研究中心　　第1页\n";
    let r = yuqing::corpus::parse::parse_report(std::path::Path::new("x.txt"), text).unwrap();
    assert_eq!(r.articles.len(), 2, "{:?}", titles_of(&r));
    assert_not_in_text(&r, &["研究中心", "第1页", "王晓燕"]);
    assert!(r.articles[1].text.ends_with("比例明显提升。"));
}
