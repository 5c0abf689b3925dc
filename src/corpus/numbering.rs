//! Word's automatic list numbering (word/numbering.xml, word/styles.xml):
//! the numbers a .docx shows in front of numbered paragraphs but does not
//! store as text. [`Lists`] counts them the way Word does, so that the DOCX
//! reader in [`super::formats`] can write them out and the parser sees
//! `1.`, `一、`, `①` as in a typed report.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use super::formats::optional_part;

use quick_xml::events::{BytesStart, Event};
/// The unescaped value of the attribute with local name `name`.
pub(super) fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// An ST_OnOff flag element (`<w:isLgl/>`, `w:default="1"`): on unless
/// `0`, `false` or `off`.
fn on_off(value: Option<&str>) -> bool {
    !matches!(value, Some("0" | "false" | "off"))
}

/// A non-negative ST_DecimalNumber, clamped into `u32`.
fn decimal(value: Option<String>) -> Option<u32> {
    let v: i64 = value?.trim().parse().ok()?;
    Some(v.clamp(0, i64::from(u32::MAX)) as u32)
}

// ---------------------------------------------------------------------------
// DOCX list numbering (word/numbering.xml, word/styles.xml)
// ---------------------------------------------------------------------------

/// Levels of a list: `w:ilvl` 0–8.
const LEVELS: usize = 9;

/// The longest `w:lvlText` kept (Word's own limit is far lower), so a crafted
/// numbering part cannot blow up the output.
const MAX_LEVEL_TEXT: usize = 64;

/// How a level shows its counter (`w:numFmt`). Formats not listed are shown
/// as decimal numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum NumFmt {
    #[default]
    Decimal,
    /// `decimalZero`: 01…09, 10.
    DecimalZero,
    /// `chineseCounting`, `taiwaneseCounting`: 一…十, 十一…九十九, then
    /// digit by digit (一○○).
    ChineseCounting,
    /// `chineseCountingThousand`, `taiwaneseCountingThousand`: 十一, 一百○一,
    /// 一千二百.
    ChineseThousand,
    /// `japaneseCounting`: 十一, 百, 百一 (no 一 before a unit, no zeros).
    JapaneseCounting,
    /// `ideographDigital`: digit by digit, 一○.
    IdeographDigital,
    /// `ideographTraditional`: the heavenly stems 甲 乙 丙 … 癸.
    HeavenlyStems,
    /// `decimalEnclosedCircle`, `decimalEnclosedCircleChinese`: ①…⑳.
    Circled,
    UpperLetter,
    LowerLetter,
    UpperRoman,
    LowerRoman,
    /// `bullet` and `none`: no number is shown (nor the bullet glyph).
    Hidden,
}

impl NumFmt {
    /// `None` for `custom` (Word 2010's custom formats, written with a
    /// standard fallback next to them, which is used instead).
    fn parse(value: &str) -> Option<NumFmt> {
        Some(match value {
            "decimalZero" => NumFmt::DecimalZero,
            "chineseCounting" | "taiwaneseCounting" => NumFmt::ChineseCounting,
            "chineseCountingThousand" | "taiwaneseCountingThousand" => NumFmt::ChineseThousand,
            "japaneseCounting" => NumFmt::JapaneseCounting,
            "ideographDigital" => NumFmt::IdeographDigital,
            "ideographTraditional" => NumFmt::HeavenlyStems,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => NumFmt::Circled,
            "upperLetter" => NumFmt::UpperLetter,
            "lowerLetter" => NumFmt::LowerLetter,
            "upperRoman" => NumFmt::UpperRoman,
            "lowerRoman" => NumFmt::LowerRoman,
            "bullet" | "none" => NumFmt::Hidden,
            "custom" => return None,
            _ => NumFmt::Decimal,
        })
    }

    fn render(self, n: u32) -> String {
        let shown = match self {
            NumFmt::Decimal => None,
            NumFmt::DecimalZero => (n < 10).then(|| format!("0{n}")),
            NumFmt::ChineseCounting => Some(chinese_counting(n)),
            NumFmt::ChineseThousand => chinese_thousand(n),
            NumFmt::JapaneseCounting => japanese_counting(n),
            NumFmt::IdeographDigital => Some(cn_digits(n)),
            NumFmt::HeavenlyStems => (1..=10)
                .contains(&n)
                .then(|| "甲乙丙丁戊己庚辛壬癸".chars().nth(n as usize - 1))
                .flatten()
                .map(String::from),
            NumFmt::Circled => (1..=20)
                .contains(&n)
                .then(|| char::from_u32(0x2460 + n - 1))
                .flatten()
                .map(String::from),
            NumFmt::UpperLetter => letters(n, b'A'),
            NumFmt::LowerLetter => letters(n, b'a'),
            NumFmt::UpperRoman => roman(n),
            NumFmt::LowerRoman => roman(n).map(|r| r.to_ascii_lowercase()),
            NumFmt::Hidden => Some(String::new()),
        };
        // Out of a format's range (⑳ is the last circled number, 癸 the
        // last stem, …) the number is written in digits.
        shown.unwrap_or_else(|| n.to_string())
    }
}

const CN_DIGITS: [char; 10] = ['○', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

fn cn_digit_char(d: u32) -> char {
    CN_DIGITS.get(d as usize).copied().unwrap_or('○')
}

fn cn_digits(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| cn_digit_char(c.to_digit(10).unwrap_or(0)))
        .collect()
}

fn chinese_counting(n: u32) -> String {
    match n {
        0..=9 => cn_digit_char(n).to_string(),
        10..=99 => {
            let mut s = String::new();
            if n / 10 > 1 {
                s.push(cn_digit_char(n / 10));
            }
            s.push('十');
            if !n.is_multiple_of(10) {
                s.push(cn_digit_char(n % 10));
            }
            s
        }
        _ => cn_digits(n),
    }
}

const CN_UNITS: [(u32, Option<char>); 4] = [
    (1000, Some('千')),
    (100, Some('百')),
    (10, Some('十')),
    (1, None),
];

/// 1–9999 with units; a run of zeros inside is one ○; 10–19 without the
/// leading 一 (十一).
fn chinese_thousand(n: u32) -> Option<String> {
    if n == 0 {
        return Some("○".to_owned());
    }
    if n >= 10_000 {
        return None;
    }
    let mut s = String::new();
    let mut zero = false;
    for (unit, name) in CN_UNITS {
        let d = n / unit % 10;
        if d == 0 {
            zero |= !s.is_empty();
            continue;
        }
        if std::mem::take(&mut zero) {
            s.push('○');
        }
        if !(unit == 10 && d == 1 && s.is_empty()) {
            s.push(cn_digit_char(d));
        }
        s.extend(name);
    }
    Some(s)
}

/// 1–9999 with units, no 一 before a unit and no zeros: 十一, 百, 百一, 千二十.
fn japanese_counting(n: u32) -> Option<String> {
    if n == 0 {
        return Some("○".to_owned());
    }
    if n >= 10_000 {
        return None;
    }
    let mut s = String::new();
    for (unit, name) in CN_UNITS {
        let d = n / unit % 10;
        if d == 0 {
            continue;
        }
        if d > 1 || name.is_none() {
            s.push(cn_digit_char(d));
        }
        s.extend(name);
    }
    Some(s)
}

/// A…Z, then AA…ZZ, AAA… (Word repeats the letter).
fn letters(n: u32, base: u8) -> Option<String> {
    let n = n.checked_sub(1)?;
    let times = n / 26 + 1;
    (times <= 10).then(|| {
        char::from(base + (n % 26) as u8)
            .to_string()
            .repeat(times as usize)
    })
}

fn roman(mut n: u32) -> Option<String> {
    if !(1..4000).contains(&n) {
        return None;
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            s.push_str(digits);
            n -= value;
        }
    }
    Some(s)
}

/// What follows the number (`w:suff`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

impl Suffix {
    fn as_str(self) -> &'static str {
        match self {
            Suffix::Tab => "\t",
            Suffix::Space => " ",
            Suffix::Nothing => "",
        }
    }
}

/// One level of a list (`w:lvl`).
#[derive(Clone, Debug, Default)]
struct Level {
    /// `w:start`; 0 when absent, as the standard says.
    start: u32,
    fmt: NumFmt,
    /// `w:lvlText`, e.g. `%1.` or `%1.%2`.
    text: String,
    /// `w:lvlRestart`: `None` restarts after any higher level, `Some(0)`
    /// never, `Some(r)` after levels 1…r (1-based).
    restart: Option<u32>,
    /// `w:isLgl`: every level shown as decimal digits.
    legal: bool,
    suffix: Suffix,
    /// `w:pStyle`: the paragraph style this level belongs to.
    style: Option<String>,
}

/// `w:abstractNum`: the levels, or a `w:numStyleLink` to the numbering
/// style that holds them.
#[derive(Clone, Debug, Default)]
struct AbstractNum {
    levels: [Option<Level>; LEVELS],
    style_link: Option<String>,
}

/// `w:lvlOverride` of one level in a `w:num`.
#[derive(Clone, Debug, Default)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

/// `w:num`: the list a paragraph's `w:numId` names.
#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: Option<u32>,
    overrides: [Option<Override>; LEVELS],
}

/// The numbering reference a style carries (`w:style/w:pPr/w:numPr`).
#[derive(Clone, Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u32>,
}

/// The list definitions of a .docx; empty when it has none (or they cannot
/// be read).
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<u32, AbstractNum>,
    nums: HashMap<u32, Num>,
    styles: HashMap<String, Style>,
    /// The paragraph style of paragraphs without `w:pStyle`.
    default_style: Option<String>,
}

impl Numbering {
    pub(super) fn from_zip(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Numbering {
        let Some(mut numbering) = optional_part(zip, "word/numbering.xml")
            .and_then(|xml| Numbering::parse(&xml))
            .filter(|n| !n.nums.is_empty())
        else {
            return Numbering::default();
        };
        if let Some((styles, default_style)) =
            optional_part(zip, "word/styles.xml").and_then(|xml| parse_styles(&xml))
        {
            numbering.styles = styles;
            numbering.default_style = default_style;
        }
        numbering
    }

    /// Read numbering.xml; `None` when it is not well-formed XML.
    fn parse(xml: &str) -> Option<Numbering> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut numbering = Numbering::default();
        let mut abstract_num: Option<(u32, AbstractNum)> = None;
        let mut num: Option<(u32, Num)> = None;
        let mut over: Option<(usize, Override)> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            let (e, empty) = match reader.read_event().ok()? {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    numbering.close(
                        e.local_name().as_ref(),
                        &mut abstract_num,
                        &mut num,
                        &mut over,
                        &mut level,
                    );
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let name = e.local_name();
            let name = name.as_ref();
            let val = || attr(&e, b"val");
            if let Some((_, lvl)) = level.as_mut() {
                match name {
                    b"start" => lvl.start = decimal(val()).unwrap_or(0),
                    // Inside mc:AlternateContent the `custom` choice is
                    // skipped and its standard fallback read.
                    b"numFmt" => {
                        if let Some(fmt) = val().as_deref().and_then(NumFmt::parse) {
                            lvl.fmt = fmt;
                        }
                    }
                    b"lvlText" => {
                        let null = attr(&e, b"null");
                        lvl.text = if null.is_some() && on_off(null.as_deref()) {
                            String::new()
                        } else {
                            val()
                                .unwrap_or_default()
                                .chars()
                                .take(MAX_LEVEL_TEXT)
                                .collect()
                        }
                    }
                    b"lvlRestart" => lvl.restart = decimal(val()),
                    b"isLgl" => lvl.legal = on_off(val().as_deref()),
                    b"suff" => {
                        lvl.suffix = match val().as_deref() {
                            Some("space") => Suffix::Space,
                            Some("nothing") => Suffix::Nothing,
                            _ => Suffix::Tab,
                        }
                    }
                    b"pStyle" => lvl.style = val(),
                    _ => {}
                }
            } else {
                match name {
                    b"abstractNum" => {
                        abstract_num = decimal(attr(&e, b"abstractNumId"))
                            .map(|id| (id, AbstractNum::default()))
                    }
                    b"num" => num = decimal(attr(&e, b"numId")).map(|id| (id, Num::default())),
                    b"abstractNumId" => {
                        if let Some((_, n)) = num.as_mut() {
                            n.abstract_id = decimal(val());
                        }
                    }
                    b"numStyleLink" => {
                        if let Some((_, a)) = abstract_num.as_mut() {
                            a.style_link = val();
                        }
                    }
                    b"lvlOverride" if num.is_some() => {
                        over = level_index(&e).map(|i| (i, Override::default()))
                    }
                    b"startOverride" => {
                        if let Some((_, o)) = over.as_mut() {
                            o.start = decimal(val());
                        }
                    }
                    b"lvl" if abstract_num.is_some() || over.is_some() => {
                        level = level_index(&e).map(|i| (i, Level::default()))
                    }
                    _ => {}
                }
            }
            if empty {
                numbering.close(name, &mut abstract_num, &mut num, &mut over, &mut level);
            }
        }
        Some(numbering)
    }

    /// The end of an element of numbering.xml: file what it defined.
    fn close(
        &mut self,
        name: &[u8],
        abstract_num: &mut Option<(u32, AbstractNum)>,
        num: &mut Option<(u32, Num)>,
        over: &mut Option<(usize, Override)>,
        level: &mut Option<(usize, Level)>,
    ) {
        match name {
            b"lvl" => {
                if let Some((i, lvl)) = level.take() {
                    if let Some((_, o)) = over.as_mut() {
                        o.level = Some(lvl);
                    } else if let Some(slot) =
                        abstract_num.as_mut().and_then(|(_, a)| a.levels.get_mut(i))
                    {
                        *slot = Some(lvl);
                    }
                }
            }
            b"lvlOverride" => {
                if let Some((i, o)) = over.take() {
                    if let Some(slot) = num.as_mut().and_then(|(_, n)| n.overrides.get_mut(i)) {
                        *slot = Some(o);
                    }
                }
            }
            b"abstractNum" => {
                if let Some((id, a)) = abstract_num.take() {
                    self.abstracts.insert(id, a);
                }
            }
            b"num" => {
                if let Some((id, n)) = num.take() {
                    self.nums.insert(id, n);
                }
            }
            _ => {}
        }
    }

    /// The `w:numPr` a paragraph style carries, through its `w:basedOn`
    /// chain: (numId, ilvl).
    fn style_numbering(&self, style: Option<&str>) -> (Option<u32>, Option<u32>) {
        let (mut num_id, mut ilvl) = (None, None);
        let mut next = style;
        for _ in 0..16 {
            let Some(s) = next.and_then(|id| self.styles.get(id)) else {
                break;
            };
            num_id = num_id.or(s.num_id);
            ilvl = ilvl.or(s.ilvl);
            next = s.based_on.as_deref();
        }
        (num_id, ilvl)
    }

    /// The abstract definition holding the levels of `abstract_id`,
    /// following `w:numStyleLink` through the numbering style.
    fn levels_of(&self, abstract_id: Option<u32>) -> Option<(u32, &AbstractNum)> {
        let mut abstract_id = abstract_id?;
        for _ in 0..8 {
            let a = self.abstracts.get(&abstract_id)?;
            let Some(link) = &a.style_link else {
                return Some((abstract_id, a));
            };
            let num_id = self.style_numbering(Some(link)).0?;
            abstract_id = self.nums.get(&num_id)?.abstract_id?;
        }
        None
    }
}

/// `w:ilvl` of a `w:lvl` or `w:lvlOverride`, if it is 0–8.
fn level_index(e: &BytesStart) -> Option<usize> {
    decimal(attr(e, b"ilvl"))
        .map(|i| i as usize)
        .filter(|&i| i < LEVELS)
}

/// Styles with their `w:basedOn` and `w:pPr/w:numPr`, and the default
/// paragraph style; `None` when styles.xml is not well-formed XML.
fn parse_styles(xml: &str) -> Option<(HashMap<String, Style>, Option<String>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut styles = HashMap::new();
    let mut default_style = None;
    let mut current: Option<(String, Style)> = None;
    // Inside w:pPrChange/w:rPrChange (a tracked change's old properties).
    let mut change_depth = 0usize;
    loop {
        let (e, empty) = match reader.read_event().ok()? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    b"pPrChange" | b"rPrChange" => change_depth = change_depth.saturating_sub(1),
                    b"style" => {
                        if let Some((id, s)) = current.take() {
                            styles.insert(id, s);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = e.local_name();
        match name.as_ref() {
            b"pPrChange" | b"rPrChange" => change_depth += usize::from(!empty),
            _ if change_depth > 0 => {}
            b"style" => {
                current = attr(&e, b"styleId").map(|id| (id, Style::default()));
                if let Some((id, _)) = &current {
                    let paragraph = attr(&e, b"type").is_none_or(|t| t == "paragraph");
                    let default = attr(&e, b"default");
                    if paragraph && default.is_some() && on_off(default.as_deref()) {
                        default_style.get_or_insert_with(|| id.clone());
                    }
                }
                if empty {
                    current = None;
                }
            }
            b"basedOn" => {
                if let Some((_, s)) = current.as_mut() {
                    s.based_on = attr(&e, b"val");
                }
            }
            b"numId" => {
                if let Some((_, s)) = current.as_mut() {
                    s.num_id = decimal(attr(&e, b"val"));
                }
            }
            b"ilvl" => {
                if let Some((_, s)) = current.as_mut() {
                    s.ilvl = decimal(attr(&e, b"val"));
                }
            }
            _ => {}
        }
    }
    Some((styles, default_style))
}

/// The running list counters of one document, as Word keeps them: one set
/// per abstract definition, shared by every `w:num` built on it (a list goes
/// on counting across them) — except that a `w:num` with a
/// `w:startOverride` restarts that level where it is first used.
pub(super) struct Lists {
    numbering: Numbering,
    /// The last number shown at each level; `None` until the level is used
    /// or after it restarts.
    counters: HashMap<u32, [Option<u32>; LEVELS]>,
    /// (numId, level) pairs already used, for the one-time start override.
    used: HashSet<(u32, usize)>,
}

impl Lists {
    pub(super) fn new(numbering: Numbering) -> Lists {
        Lists {
            numbering,
            counters: HashMap::new(),
            used: HashSet::new(),
        }
    }

    /// Count one paragraph and return its number text with the separator
    /// (`"1.\t"`), or `None` when it is not in a list, the level has no
    /// number (bullet, none) or the list is not defined.
    pub(super) fn label(
        &mut self,
        num_id: Option<u32>,
        ilvl: Option<u32>,
        style: Option<&str>,
    ) -> Option<String> {
        let defs = &self.numbering;
        if defs.nums.is_empty() {
            return None;
        }
        let style = style.or(defs.default_style.as_deref());
        let (style_num, style_ilvl) = defs.style_numbering(style);
        let num_id = num_id.or(style_num).filter(|&id| id != 0)?;
        let num = defs.nums.get(&num_id)?;
        let (abstract_id, abs) = defs.levels_of(num.abstract_id)?;
        let level = |k: usize| {
            num.overrides
                .get(k)?
                .as_ref()
                .and_then(|o| o.level.as_ref())
                .or(abs.levels.get(k)?.as_ref())
        };
        let start = |k: usize| {
            num.overrides
                .get(k)
                .and_then(|o| o.as_ref()?.start)
                .or(level(k).map(|l| l.start))
                .unwrap_or(0)
        };
        // A level can name its paragraph style instead of the style naming
        // the level (Heading 2 → level 1 of the heading list).
        let by_style = || {
            style.and_then(|s| {
                (0..LEVELS).find(|&k| level(k).and_then(|l| l.style.as_deref()) == Some(s))
            })
        };
        let ilvl = match ilvl.or(style_ilvl) {
            Some(i) => i as usize,
            None => by_style().unwrap_or(0),
        };
        if ilvl >= LEVELS {
            return None;
        }
        let current = level(ilvl)?;

        let counts = self.counters.entry(abstract_id).or_default();
        let first_use = self.used.insert((num_id, ilvl));
        let overridden = num
            .overrides
            .get(ilvl)
            .is_some_and(|o| o.as_ref().is_some_and(|o| o.start.is_some()));
        if first_use && overridden {
            counts[ilvl] = None;
        }
        counts[ilvl] = Some(counts[ilvl].map_or_else(|| start(ilvl), |n| n.saturating_add(1)));
        for (deeper, count) in counts.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = level(deeper).and_then(|l| l.restart);
            if restart.is_none_or(|r| r != 0 && (ilvl as u32) < r) {
                *count = None;
            }
        }

        if current.fmt == NumFmt::Hidden {
            return None;
        }
        let mut text = String::new();
        let mut chars = current.text.chars().peekable();
        while let Some(c) = chars.next() {
            let k = match chars.peek().and_then(|d| d.to_digit(10)) {
                Some(d @ 1..=9) if c == '%' => d as usize - 1,
                _ => {
                    text.push(c);
                    continue;
                }
            };
            chars.next();
            // A level below this paragraph's has no number to show.
            if k > ilvl {
                continue;
            }
            // A higher level not used yet shows one less than its start
            // (Word's "0.1" for a Heading 2 before any Heading 1).
            let n = counts[k].unwrap_or_else(|| start(k).saturating_sub(1));
            let fmt = match level(k).map(|l| l.fmt) {
                _ if current.legal => NumFmt::Decimal,
                Some(fmt) => fmt,
                None => NumFmt::Decimal,
            };
            text.push_str(&fmt.render(n));
        }
        if text.trim().is_empty() {
            return None;
        }
        text.push_str(current.suffix.as_str());
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        let cases: &[(NumFmt, u32, &str)] = &[
            (NumFmt::Decimal, 12, "12"),
            (NumFmt::DecimalZero, 7, "07"),
            (NumFmt::DecimalZero, 12, "12"),
            (NumFmt::ChineseCounting, 1, "一"),
            (NumFmt::ChineseCounting, 10, "十"),
            (NumFmt::ChineseCounting, 11, "十一"),
            (NumFmt::ChineseCounting, 20, "二十"),
            (NumFmt::ChineseCounting, 99, "九十九"),
            (NumFmt::ChineseCounting, 105, "一○五"),
            (NumFmt::ChineseThousand, 11, "十一"),
            (NumFmt::ChineseThousand, 101, "一百○一"),
            (NumFmt::ChineseThousand, 110, "一百一十"),
            (NumFmt::ChineseThousand, 1005, "一千○五"),
            (NumFmt::ChineseThousand, 2300, "二千三百"),
            (NumFmt::JapaneseCounting, 11, "十一"),
            (NumFmt::JapaneseCounting, 100, "百"),
            (NumFmt::JapaneseCounting, 101, "百一"),
            (NumFmt::JapaneseCounting, 1020, "千二十"),
            (NumFmt::IdeographDigital, 10, "一○"),
            (NumFmt::HeavenlyStems, 3, "丙"),
            (NumFmt::HeavenlyStems, 11, "11"),
            (NumFmt::Circled, 1, "①"),
            (NumFmt::Circled, 20, "⑳"),
            (NumFmt::Circled, 21, "21"),
            (NumFmt::UpperLetter, 1, "A"),
            (NumFmt::LowerLetter, 28, "bb"),
            (NumFmt::UpperRoman, 1994, "MCMXCIV"),
            (NumFmt::LowerRoman, 4, "iv"),
            (NumFmt::LowerRoman, 0, "0"),
        ];
        for &(fmt, n, want) in cases {
            assert_eq!(fmt.render(n), want, "{fmt:?} {n}");
        }
        assert_eq!(NumFmt::parse("koreanCounting"), Some(NumFmt::Decimal));
        assert_eq!(NumFmt::parse("custom"), None);
    }
}
