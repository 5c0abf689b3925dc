//! Numbers and dates: Chinese and Arabic numerals ([`parse_numeral`]), dates
//! in text, the monitoring period of the lead ([`find_period`]), and issue
//! numbers in header lines and file names.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::corpus::fold_width;

use super::header::LEAD_CHARS;
use super::lines::is_blank;

pub(super) fn is_digit(c: char) -> bool {
    fold_width(c).is_ascii_digit()
}

fn digit_value(c: char) -> Option<u32> {
    fold_width(c).to_digit(10)
}

pub(super) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

pub(super) fn is_cn_unit(c: char) -> bool {
    matches!(c, '十' | '拾' | '百' | '佰' | '千' | '仟')
}

/// Chinese or Arabic numeral: `六五四` (digit by digit) → 654, `六百五十四` →
/// 654, `十二` → 12, `654` → 654.
pub fn parse_numeral(s: &str) -> Option<u32> {
    let s: String = s.chars().filter(|c| !is_blank(*c)).collect();
    if s.is_empty() || s.chars().count() > 9 {
        return None;
    }
    if s.chars().any(is_cn_unit) {
        return parse_positional(&s);
    }
    s.chars().try_fold(0u32, |acc, c| {
        let d = digit_value(c).or_else(|| cn_digit(c))?;
        acc.checked_mul(10)?.checked_add(d)
    })
}

fn parse_positional(s: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut current: Option<u32> = None;
    for c in s.chars() {
        if let Some(d) = cn_digit(c).or_else(|| digit_value(c)) {
            current = Some(d);
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            _ => return None,
        };
        total = total.checked_add(current.unwrap_or(1).checked_mul(unit)?)?;
        current = None;
    }
    total.checked_add(current.unwrap_or(0))
}

/// A date found in text; `year` is absent for `7月4日`.
#[derive(Debug, Clone, Copy)]
pub(super) struct DateHit {
    pub(super) start: usize,
    pub(super) end: usize,
    year: Option<i32>,
    month: u32,
    day: u32,
}

impl DateHit {
    pub(super) fn date(&self, default_year: Option<i32>) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year.or(default_year)?, self.month, self.day)
    }
}

/// Read up to `max` digits (ASCII or full-width) at `i`: (value, count, next index).
fn read_digits(chars: &[char], i: usize, max: usize) -> Option<(u32, usize, usize)> {
    let mut value = 0u32;
    let mut n = 0;
    while n < max {
        let Some(d) = chars.get(i + n).and_then(|&c| digit_value(c)) else {
            break;
        };
        value = value * 10 + d;
        n += 1;
    }
    if chars.get(i + n).is_some_and(|&c| is_digit(c)) {
        return None;
    }
    (n > 0).then_some((value, n, i + n))
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|&c| is_blank(c)) {
        i += 1;
    }
    i
}

fn eat(chars: &[char], i: usize, options: &[char]) -> Option<usize> {
    chars
        .get(i)
        .filter(|c| options.contains(&fold_width(**c)))
        .map(|_| i + 1)
}

/// `2025 年 12 月 19 日`, `2025年7月 4日`, `2025-12-19`, `2025/12/19`,
/// `2025.12.19`, or `7月4日` (no year) starting at `start`.
pub(super) fn parse_date_at(chars: &[char], start: usize) -> Option<DateHit> {
    if chars.get(start).is_some_and(|&c| cn_digit(c).is_some()) {
        return parse_cn_date_at(chars, start);
    }
    let (first, n, i) = read_digits(chars, start, 4)?;
    let hit = |year, month, day, end| DateHit {
        start,
        end,
        year,
        month,
        day,
    };
    if n == 4 {
        let j = skip_spaces(chars, i);
        if let Some(j) = eat(chars, j, &['年']) {
            let (month, _, k) = read_digits(chars, skip_spaces(chars, j), 2)?;
            let k = eat(chars, skip_spaces(chars, k), &['月'])?;
            let (day, _, m) = read_digits(chars, skip_spaces(chars, k), 2)?;
            let end = eat(chars, skip_spaces(chars, m), &['日', '号'])?;
            return Some(hit(i32::try_from(first).ok(), month, day, end));
        }
        let sep = chars.get(i).map(|&c| fold_width(c))?;
        if !matches!(sep, '-' | '/' | '.') {
            return None;
        }
        let (month, _, k) = read_digits(chars, i + 1, 2)?;
        let k = eat(chars, k, &[sep])?;
        let (day, _, end) = read_digits(chars, k, 2)?;
        return Some(hit(i32::try_from(first).ok(), month, day, end));
    }
    if n > 2 {
        return None;
    }
    let j = eat(chars, skip_spaces(chars, i), &['月'])?;
    let (day, _, k) = read_digits(chars, skip_spaces(chars, j), 2)?;
    let end = eat(chars, skip_spaces(chars, k), &['日', '号'])?;
    Some(hit(None, first, day, end))
}

/// A date in Chinese numerals, as official documents write them:
/// `二〇二五年十二月二十六日` (the year digit by digit).
fn parse_cn_date_at(chars: &[char], start: usize) -> Option<DateHit> {
    let numeral = |from: usize, max: usize| -> Option<(u32, usize)> {
        let len = chars
            .iter()
            .skip(from)
            .take(max + 1)
            .take_while(|&&c| cn_digit(c).is_some() || c == '十')
            .count();
        if len == 0 || len > max {
            return None;
        }
        let s: String = chars.get(from..from + len)?.iter().collect();
        Some((parse_numeral(&s)?, from + len))
    };
    let year_len = chars
        .iter()
        .skip(start)
        .take_while(|&&c| cn_digit(c).is_some())
        .count();
    if year_len != 4 {
        return None;
    }
    let (year, i) = numeral(start, 4)?;
    let i = eat(chars, i, &['年'])?;
    let (month, i) = numeral(i, 3)?;
    let i = eat(chars, i, &['月'])?;
    let (day, i) = numeral(i, 3)?;
    let end = eat(chars, i, &['日', '号'])?;
    Some(DateHit {
        start,
        end,
        year: i32::try_from(year).ok(),
        month,
        day,
    })
}

/// Every date in `text`, in order.
pub(super) fn scan_dates(chars: &[char]) -> Vec<DateHit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let digit = |c: char| is_digit(c) || cn_digit(c).is_some();
        let starts_number = chars.get(i).is_some_and(|&c| digit(c))
            && !(i > 0 && chars.get(i - 1).is_some_and(|&c| digit(c)));
        if starts_number {
            if let Some(hit) = parse_date_at(chars, i) {
                i = hit.end;
                hits.push(hit);
                continue;
            }
        }
        i += 1;
    }
    hits
}

/// The monitoring period `时间从 X 到/至 Y` in the lead (the end may omit the year).
pub(super) fn find_period(lead: &str, year: Option<i32>) -> Option<(NaiveDate, NaiveDate)> {
    let chars: Vec<char> = lead.chars().collect();
    let hits = scan_dates(&chars);
    // An end before its start crosses a new year (`2025年12月27日到1月2日`).
    let after = |start: NaiveDate, end: NaiveDate| {
        if end < start {
            end.with_year(end.year() + 1)
        } else {
            Some(end)
        }
    };
    hits.windows(2)
        .find_map(|pair| {
            let [a, b] = pair else { return None };
            let between: String = chars.get(a.end..b.start)?.iter().collect();
            let between = between.trim_matches(is_blank);
            if !matches!(
                between,
                "到" | "至" | "-" | "—" | "~" | "～" | "－" | "——" | "至今"
            ) {
                return None;
            }
            // Without years (`6月20日到6月26日`), the header's year. An issue
            // is dated at the end of its period, so a period without years
            // that crosses a new year (`12月27日到1月2日`) starts the year
            // before.
            if a.year.is_none() && b.year.is_none() && (b.month, b.day) < (a.month, a.day) {
                let y = year?;
                return Some((a.date(Some(y - 1))?, b.date(Some(y))?));
            }
            let start = a.date(year)?;
            Some((start, after(start, b.date(a.year.or(year))?)?))
        })
        .or_else(|| {
            // `2026年1月10日至16日`: the end gives the day only.
            hits.iter().find_map(|a| {
                let start = a.date(year)?;
                let after: String = chars.get(a.end..)?.iter().take(8).collect();
                let rest = after.trim_start_matches(is_blank);
                let rest = ["到", "至", "-", "—", "~", "～", "－"]
                    .iter()
                    .find_map(|w| rest.strip_prefix(w))?
                    .trim_start_matches(is_blank);
                let digits: String = rest.chars().take_while(|c| is_digit(*c)).collect();
                let day: u32 = digits
                    .chars()
                    .map(fold_width)
                    .collect::<String>()
                    .parse()
                    .ok()?;
                rest.get(digits.len()..)?
                    .trim_start_matches(is_blank)
                    .starts_with(['日', '号'])
                    .then(|| NaiveDate::from_ymd_opt(start.year(), start.month(), day))?
                    .map(|end| (start, end))
            })
        })
}

/// The issue number in a header line: `(第六五四)`, `第五二七期`, `第654期`.
/// When a line gives two, as in `（2025年第12期 总第654期）`, the running
/// number (`总第…期`) is the issue number, not the number within the year.
pub(super) fn find_issue_number(text: &str) -> Option<u32> {
    let chars: Vec<char> = text.chars().take(LEAD_CHARS).collect();
    let before = |i: usize| {
        chars[..i]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .copied()
    };
    let found: Vec<(Option<char>, u32)> = chars
        .iter()
        .enumerate()
        .filter_map(|(i, &c)| {
            let prefix = if c == '总' { Some('总') } else { before(i) };
            numbered_at(&chars, i, c).map(|n| (prefix, n))
        })
        .collect();
    let of = |prefix: char| found.iter().find(|(b, _)| *b == Some(prefix)).map(|f| f.1);
    of('总')
        .or_else(|| found.iter().find(|(b, _)| *b != Some('年')).map(|f| f.1))
        .or_else(|| found.first().map(|f| f.1))
}

/// The number of `第…期` (or `第…)` and the like) starting at `chars[i] == c`;
/// also of `总…期` without 第 (`总654期`), which counts as running.
fn numbered_at(chars: &[char], i: usize, c: char) -> Option<u32> {
    if c == '总' && chars.get(skip_spaces(chars, i + 1)) == Some(&'第') {
        // `总第…期`: read at the 第, with 总 before it.
        return None;
    }
    if c != '第' && c != '总' {
        return None;
    }
    let start = skip_spaces(chars, i + 1);
    let mut end = start;
    while chars
        .get(end)
        .is_some_and(|&c| is_digit(c) || cn_digit(c).is_some() || is_cn_unit(c) || c == ' ')
    {
        end += 1;
    }
    let numeral: String = chars.get(start..end)?.iter().collect();
    let after = chars.get(end).map(|&c| fold_width(c));
    let closes = matches!(after, None | Some('期' | ')' | ']' | '】' | '号'));
    if !closes {
        return None;
    }
    parse_numeral(&numeral).filter(|&n| n > 0)
}

/// An issue number in a file name: `第654期`, `第六五四期`, `周报654`,
/// `月报-527`, `654期`. Hash-like names give nothing.
pub(super) fn number_from_file_name(path: &Path) -> Option<u32> {
    let stem = path.file_stem()?.to_string_lossy();
    if let Some(n) = find_issue_number(&stem) {
        return Some(n);
    }
    let chars: Vec<char> = stem.chars().collect();
    for word in ["周报", "月报", "期刊", "issue", "Issue", "No.", "no."] {
        let w: Vec<char> = word.chars().collect();
        for i in 0..chars.len() {
            if chars.get(i..i + w.len()) == Some(&w[..]) {
                let mut j = i + w.len();
                while chars
                    .get(j)
                    .is_some_and(|&c| matches!(c, '_' | '-' | ' ' | '#' | '.'))
                {
                    j += 1;
                }
                if let Some((n, _, _)) = read_digits(&chars, j, 4) {
                    return Some(n).filter(|&n| n > 0);
                }
            }
        }
    }
    chars.iter().enumerate().find_map(|(i, &c)| {
        if c != '期' || i == 0 {
            return None;
        }
        let mut s = i;
        while s > 0 && chars.get(s - 1).is_some_and(|&c| is_digit(c)) {
            s -= 1;
        }
        let before_ok = s == 0 || !chars.get(s - 1).is_some_and(|c| c.is_alphanumeric());
        let (n, _, _) = read_digits(&chars, s, 4)?;
        (before_ok && s < i && n > 0).then_some(n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(parse_numeral("六五四"), Some(654));
        assert_eq!(parse_numeral("五二七"), Some(527));
        assert_eq!(parse_numeral("六百五十四"), Some(654));
        assert_eq!(parse_numeral("十二"), Some(12));
        assert_eq!(parse_numeral("二十"), Some(20));
        assert_eq!(parse_numeral("一千零五"), Some(1005));
        assert_eq!(parse_numeral("一〇五"), Some(105));
        assert_eq!(parse_numeral("６５４"), Some(654));
        assert_eq!(parse_numeral("x"), None);
    }

    #[test]
    fn issue_numbers() {
        assert_eq!(find_issue_number("(第六五四)"), Some(654));
        assert_eq!(find_issue_number("（第五二七期）"), Some(527));
        assert_eq!(find_issue_number("第654期"), Some(654));
        assert_eq!(find_issue_number("总第 六百五十四 期"), Some(654));
        // The running number, not the number within the year.
        assert_eq!(find_issue_number("（2025年第12期 总第654期）"), Some(654));
        assert_eq!(find_issue_number("总第654期（2025年第12期）"), Some(654));
        assert_eq!(find_issue_number("2025年第50期"), Some(50));
        assert_eq!(find_issue_number("（第12期 总654期）"), Some(654));
        assert_eq!(find_issue_number("总 六五四 期"), Some(654));
        let n = |s: &str| number_from_file_name(Path::new(s));
        assert_eq!(n("第654期.txt"), Some(654));
        assert_eq!(n("周报654.pdf"), Some(654));
        assert_eq!(n("月报-527.docx"), Some(527));
        assert_eq!(n("2025_第六五四期_周报.txt"), Some(654));
        assert_eq!(n("004_853b37a96b61c717.txt"), None);
        assert_eq!(n("000_2e71dd09e5d010f6.txt"), None);
    }

    #[test]
    fn dates() {
        let d = |s: &str| {
            let c: Vec<char> = s.chars().collect();
            scan_dates(&c).first().and_then(|h| h.date(None))
        };
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(d("2025 年 12 月 19 日"), ymd(2025, 12, 19));
        assert_eq!(d("中心 2025年7月 4日"), ymd(2025, 7, 4));
        assert_eq!(d("2025-12-19"), ymd(2025, 12, 19));
        assert_eq!(d("２０２５年１２月１９日"), ymd(2025, 12, 19));
        assert_eq!(d("2025-13-40"), None);
        assert_eq!(
            find_period("时间从 2025 年 6 月 28 日到 2025 年 7 月 4 日，监测", None),
            ymd(2025, 6, 28).zip(ymd(2025, 7, 4))
        );
        assert_eq!(
            find_period("时间从2023年10月1日至10月31日", None),
            ymd(2023, 10, 1).zip(ymd(2023, 10, 31))
        );
        // Across a new year: with the start's year, or without years (the
        // header's year is the end's).
        assert_eq!(
            find_period("时间从2025年12月27日到1月2日", None),
            ymd(2025, 12, 27).zip(ymd(2026, 1, 2))
        );
        assert_eq!(
            find_period("时间从12月27日到1月2日", Some(2026)),
            ymd(2025, 12, 27).zip(ymd(2026, 1, 2))
        );
        assert_eq!(
            find_period("时间从6月20日到6月26日", Some(2026)),
            ymd(2026, 6, 20).zip(ymd(2026, 6, 26))
        );
    }
}
