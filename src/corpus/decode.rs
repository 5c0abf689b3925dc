//! Bytes → text for plain-text reports (.txt, .md).
//!
//! Owns encoding detection (UTF-8 with or without BOM, UTF-16 with BOM,
//! GB18030/GBK), refusing files that are empty, binary or undecodable, and
//! line-ending normalisation (CRLF/CR → LF; form feeds are kept as page breaks
//! for the parser). Every error names the file and says what to do about it.

use std::path::Path;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

use crate::{Error, Result};

/// How many leading bytes are inspected for control characters.
const SNIFF_LEN: usize = 64 * 1024;

/// Decode a report file's bytes into text with `\n` line endings.
///
/// Accepts UTF-8 (with or without BOM), UTF-16LE/BE with a BOM or
/// recognisably without one (see `sniff_utf16`), and GB18030/GBK (only
/// when every byte decodes). Refuses empty files, binary
/// files (NUL bytes or many control characters) and text in any other
/// encoding, with a message that names the file and says what to do.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::format(
            path,
            "file is empty; export the report again or leave this file out",
        ));
    }
    if let Some(actual) = sniff(bytes) {
        return Err(misnamed(path, actual, "text"));
    }
    let text = match bom_encoding(bytes) {
        Some((encoding, bom_len)) => {
            decode_with_bom(path, encoding, bytes.get(bom_len..).unwrap_or(&[]))?
        }
        None => match sniff_utf16(bytes) {
            Some(encoding) => decode_with_bom(path, encoding, bytes)?,
            None => {
                refuse_binary(path, bytes)?;
                decode_without_bom(path, bytes)?
            }
        },
    };
    let text = normalise_newlines(&text);
    if text.trim().is_empty() {
        return Err(Error::format(
            path,
            "file is empty (only a byte-order mark or blank lines); export the report again or leave this file out",
        ));
    }
    Ok(text)
}

/// The encoding announced by a byte-order mark, and the mark's length.
fn bom_encoding(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Some((encoding_rs::UTF_8, 3)),
        [0xFF, 0xFE, ..] => Some((UTF_16LE, 2)),
        [0xFE, 0xFF, ..] => Some((UTF_16BE, 2)),
        _ => None,
    }
}

/// UTF-16 saved without a byte-order mark (some export tools and scripts do
/// this): the line breaks, spaces, digits and ASCII punctuation of such text
/// put a NUL byte in one half of many 16-bit units and seldom in the other
/// half, and the whole file decodes as UTF-16 into text with few control
/// characters. Binary files rarely pass all three checks.
pub(crate) fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sniff = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    let (mut first, mut second) = (0usize, 0usize);
    for unit in sniff.chunks_exact(2) {
        first += usize::from(unit[0] == 0);
        second += usize::from(unit[1] == 0);
    }
    let units = sniff.len() / 2;
    // At least 2 % of the units have a NUL half, and the other halves are
    // at most a quarter as often NUL (CJK characters U+xx00 have one: about
    // 1 % of a Chinese report's characters).
    let encoding = if second * 50 >= units && first * 4 <= second {
        UTF_16LE
    } else if first * 50 >= units && second * 4 <= first {
        UTF_16BE
    } else {
        return None;
    };
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    let (mut chars, mut controls) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        controls += usize::from(c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C'));
    }
    (controls * 100 <= chars).then_some(encoding)
}

fn decode_with_bom(path: &Path, encoding: &'static Encoding, body: &[u8]) -> Result<String> {
    if encoding == encoding_rs::UTF_8 {
        return decode_utf8(body).map_err(|offset| undecodable_utf8(path, body, offset));
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(|cow| cow.into_owned())
        .ok_or_else(|| {
            Error::format(
                path,
                format!(
                    "starts with a {} byte-order mark but is not valid {}; re-save it as UTF-8",
                    encoding.name(),
                    encoding.name()
                ),
            )
        })
}

fn decode_without_bom(path: &Path, bytes: &[u8]) -> Result<String> {
    match decode_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(offset) => {
            let text = GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|cow| cow.into_owned())
                .ok_or_else(|| undecodable_utf8(path, bytes, offset))?;
            refuse_other_encoding(path, bytes)?;
            Ok(text)
        }
    }
}

/// Below this many double-byte characters a file is too short to judge.
const MIN_JUDGED: usize = 20;

/// Refuse text that decodes as GBK/GB18030 but reads as gibberish: Big5
/// (traditional Chinese), whose every byte pair is also a valid GBK pair,
/// gives no decoding error, only rare characters. A report in GBK writes
/// nearly all its characters from GB2312: the common hanzi (lead byte
/// 0xB0–0xF7), punctuation and full-width forms (0xA1–0xA3) and box drawing
/// (0xA9), each with a second byte 0xA1–0xFE. The seeds and layouts in GBK
/// have at most 0.6 % outside that; the Big5 of seed 000 has 82 %.
fn refuse_other_encoding(path: &Path, bytes: &[u8]) -> Result<()> {
    let (mut total, mut unusual) = (0usize, 0usize);
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        if !(0x81..=0xFE).contains(&lead) {
            i += 1;
            continue;
        }
        let trail = bytes.get(i + 1).copied().unwrap_or(0);
        total += 1;
        if trail.is_ascii_digit() {
            // A four-byte GB18030 sequence: outside GBK altogether.
            unusual += 1;
            i += 4;
            continue;
        }
        let common_row =
            (0xB0..=0xF7).contains(&lead) || (0xA1..=0xA3).contains(&lead) || lead == 0xA9;
        unusual += usize::from(!(common_row && (0xA1..=0xFE).contains(&trail)));
        i += 2;
    }
    if total < MIN_JUDGED || unusual * 4 <= total {
        return Ok(());
    }
    let which = if encoding_rs::BIG5
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
    {
        "it reads as Big5, the encoding of traditional Chinese"
    } else {
        "it may be Big5 (traditional Chinese) or a Japanese or Korean encoding"
    };
    Err(Error::format(
        path,
        format!(
            "is in an encoding yuqing does not read: read as GBK, {}% of its Chinese characters are rare ones ({which}); open it in a text editor and save it as UTF-8",
            unusual * 100 / total
        ),
    ))
}

/// Strict UTF-8; on failure, the byte offset of the first invalid sequence.
fn decode_utf8(bytes: &[u8]) -> std::result::Result<String, usize> {
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|e| e.valid_up_to())
}

fn undecodable_utf8(path: &Path, bytes: &[u8], offset: usize) -> Error {
    let line = 1 + bytes.iter().take(offset).filter(|&&b| b == b'\n').count();
    let byte = bytes.get(offset).copied().unwrap_or(0);
    Error::format_at(
        path,
        line,
        format!(
            "neither UTF-8 nor GBK/GB18030 text (invalid byte 0x{byte:02X} at offset {offset}); re-save it as UTF-8"
        ),
    )
}

/// What a file really is when its first bytes say so, whatever its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Actual {
    Pdf,
    /// A zip archive, which a .docx is.
    Zip,
    /// An old Word/Excel file (OLE compound document: .doc, .xls, .wps).
    OldOffice,
    /// A web page (HTML), e.g. a download that saved an error or login page.
    WebPage,
    /// A Rich Text document.
    Rtf,
}

/// What `bytes` are, from how they start; `None` when they start like none
/// of [`Actual`].
pub(crate) fn sniff(bytes: &[u8]) -> Option<Actual> {
    if bytes.starts_with(b"%PDF-") {
        return Some(Actual::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(Actual::Zip);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some(Actual::OldOffice);
    }
    let head = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head: Vec<u8> = head
        .iter()
        .skip(start)
        .take(512)
        .map(u8::to_ascii_lowercase)
        .collect();
    if head.starts_with(b"{\\rtf") {
        return Some(Actual::Rtf);
    }
    let html = head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || (head.starts_with(b"<?xml") && head.windows(5).any(|w| w == b"<html"));
    html.then_some(Actual::WebPage)
}

/// The error for a file whose content is `actual` although its name says
/// `named` (`text`, `a PDF`, `a Word .docx`).
pub(crate) fn misnamed(path: &Path, actual: Actual, named: &str) -> Error {
    let (what, advice) = match actual {
        Actual::Pdf => ("a PDF file", "rename it to .pdf if that is what it is"),
        Actual::Zip => (
            "a zip archive (a .docx is one)",
            "rename it to .docx if that is what it is",
        ),
        Actual::OldOffice => (
            "an old Word/Excel (.doc/.xls) file",
            "open it in Word or WPS and save it as .docx",
        ),
        Actual::WebPage => (
            "a web page (HTML)",
            "save the report as PDF, Word (.docx) or text (.txt); if it was downloaded, download it again (the site may have sent a web page instead of the file)",
        ),
        Actual::Rtf => (
            "a Rich Text (.rtf) document",
            "open it in Word or WPS and save it as .docx or PDF",
        ),
    };
    Error::format(
        path,
        format!("is {what}, not {named}, despite its name; {advice}"),
    )
}

/// Refuse content that is clearly not text: NUL bytes, or more than 1 % of
/// the first 64 KiB being control characters other than tab, LF, CR, FF, ESC.
fn refuse_binary(path: &Path, bytes: &[u8]) -> Result<()> {
    let sniff = bytes.get(..SNIFF_LEN).unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(Error::format(
            path,
            "looks like a binary file, not a report (it contains NUL bytes); pass the report's .txt, .md, .pdf or .docx file, or re-save it as UTF-8",
        ));
    }
    let controls = sniff.iter().filter(|&&b| is_suspicious_control(b)).count();
    if controls * 100 > sniff.len() {
        return Err(Error::format(
            path,
            format!(
                "looks like a binary file, not a report ({controls} control bytes in the first {} bytes); pass the report's .txt, .md, .pdf or .docx file",
                sniff.len()
            ),
        ));
    }
    Ok(())
}

fn is_suspicious_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F
}

/// CRLF and lone CR become LF; a leading U+FEFF left by a double BOM is
/// dropped. Form feeds (page breaks from pdftotext) stay: the parser treats
/// them as blank and uses them to find running headers and footers, and line
/// numbers stay those an editor shows.
pub(crate) fn normalise_newlines(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("x.txt")
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode(p(), "周报\r\n第一\r二".as_bytes()).unwrap(),
            "周报\n第一\n二"
        );
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("周报".as_bytes());
        assert_eq!(decode(p(), &b).unwrap(), "周报");
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "周报\r\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(p(), &le).unwrap(), "周报\n");
        assert_eq!(decode(p(), &be).unwrap(), "周报\n");
    }

    #[test]
    fn utf16_without_bom_is_recognised_and_binary_is_not() {
        let text = "全国卫生信息化舆情监测周报\r\n（第六五五）\r\n2025年12月26日\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let want = text.replace("\r\n", "\n");
        assert_eq!(decode(p(), &le).unwrap(), want);
        assert_eq!(decode(p(), &be).unwrap(), want);
        // NULs in both halves, or control characters once decoded: binary.
        let mixed: Vec<u8> = (0..400u32)
            .flat_map(|i| [(i % 3) as u8, (i % 5) as u8])
            .collect();
        assert!(sniff_utf16(&mixed).is_none());
        let controls: Vec<u8> = (0..400u32).flat_map(|i| [(i % 7) as u8 + 1, 0]).collect();
        assert!(sniff_utf16(&controls).is_none());
        assert!(decode(p(), &controls)
            .unwrap_err()
            .to_string()
            .contains("binary"));
    }

    #[test]
    fn form_feeds_are_kept_as_page_breaks() {
        assert_eq!(
            decode(p(), "第一页\n\u{0C}第二页\r\n".as_bytes()).unwrap(),
            "第一页\n\u{0C}第二页\n"
        );
    }

    #[test]
    fn gbk() {
        let (bytes, _, _) = GB18030.encode("全国卫生信息化舆情监测周报");
        assert_eq!(decode(p(), &bytes).unwrap(), "全国卫生信息化舆情监测周报");
    }

    #[test]
    fn big5_is_not_taken_for_gbk() {
        let seed = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/reports/000_2e71dd09e5d010f6.txt"
        ))
        .unwrap();
        // Every Big5 byte pair is a valid GBK pair: no decoding error, only
        // gibberish, which is what is refused.
        let (big5, _, _) = encoding_rs::BIG5.encode(&seed);
        assert!(GB18030
            .decode_without_bom_handling_and_without_replacement(&big5)
            .is_some());
        let msg = decode(p(), &big5).unwrap_err().to_string();
        assert!(
            msg.contains("it reads as Big5") && msg.contains("save it as UTF-8"),
            "{msg}"
        );
        // The same report in GBK and GB18030 reads, as do short texts.
        let (gbk, _, _) = encoding_rs::GBK.encode(&seed);
        assert_eq!(decode(p(), &gbk).unwrap(), seed);
        let (gb, _, _) = GB18030.encode(&seed);
        assert_eq!(decode(p(), &gb).unwrap(), seed);
        let (short, _, _) = encoding_rs::BIG5.encode("醫療資訊");
        assert!(decode(p(), &short).is_ok());
    }

    #[test]
    fn other_kinds_of_file_are_named() {
        let html = decode(
            p(),
            b"\xEF\xBB\xBF \n<!DOCTYPE HTML>\n<html><body>x</body></html>",
        )
        .unwrap_err()
        .to_string();
        assert!(
            html.contains("is a web page (HTML), not text")
                && html.contains("save the report as PDF, Word (.docx) or text (.txt)"),
            "{html}"
        );
        let rtf = decode(p(), b"{\\rtf1\\ansi x}").unwrap_err().to_string();
        assert!(rtf.contains("Rich Text"), "{rtf}");
        // Markdown with inline HTML is still text.
        assert!(decode(p(), b"# title\n<br>\n<html> in a sentence").is_ok());
    }

    #[test]
    fn refusals_name_the_file() {
        let empty = decode(p(), b"").unwrap_err().to_string();
        assert!(empty.starts_with("x.txt: file is empty"), "{empty}");
        let bin = decode(p(), b"abc\0def").unwrap_err().to_string();
        assert!(bin.contains("binary"), "{bin}");
        let ctl = decode(p(), &[1u8, 2, 3, 4, 5, 6, 7, b'a'])
            .unwrap_err()
            .to_string();
        assert!(ctl.contains("binary"), "{ctl}");
        let pdf = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/000_2e71dd09e5d010f6.pdf"
        ))
        .unwrap();
        let pdf = decode(p(), &pdf).unwrap_err().to_string();
        assert!(
            pdf.contains("is a PDF file") && pdf.contains("rename it to .pdf"),
            "{pdf}"
        );
        let docx = decode(p(), b"PK\x03\x04\x14\0\x06\0")
            .unwrap_err()
            .to_string();
        assert!(docx.contains("rename it to .docx"), "{docx}");
        let bad = decode(p(), &[b'a', b'\n', 0xFF, 0xFF, 0xFF])
            .unwrap_err()
            .to_string();
        assert!(
            bad.contains("line 2") && bad.contains("re-save it as UTF-8"),
            "{bad}"
        );
    }
}
