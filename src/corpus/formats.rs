//! File → [`Report`], by file type.
//!
//! Owns dispatch on the extension (.txt/.text/.md/.markdown, .pdf, .docx) and
//! the two binary readers: PDF text extraction on top of lopdf (a
//! layout-aware pass that rebuilds lines from text positions, because lopdf's
//! own `extract_text` breaks a line at every font change) and DOCX paragraph
//! extraction with zip + quick-xml, automatic list numbers included. Every third-party call on file content
//! runs under `catch_unwind`, so a crash inside a reader becomes an error that
//! names the file.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};
use quick_xml::events::{BytesStart, Event};

use super::decode::{decode, misnamed, sniff, Actual};
use super::numbering::{attr, Lists, Numbering};
use super::parse::{first_report, parse_reports_with, Layout};
use super::{read_error, Entry, Report};
use crate::{Error, Result};

/// Extensions read as plain text.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];
/// Every extension [`read_report`] reads.
pub const REPORT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "pdf", "docx"];

/// Report-like documents yuqing does not read, by extension: what such a
/// file is, and how to make one yuqing reads. In a folder they are named as
/// skipped, not passed over like pictures and spreadsheets.
const CONVERTIBLE: &[(&[&str], &str, &str)] = &[
    (
        &["doc"],
        "an old Word document (.doc)",
        "open it in Word or WPS and save it as .docx or PDF",
    ),
    (
        &["wps", "wpt"],
        "a WPS document",
        "open it in WPS and save it as .docx or PDF",
    ),
    (
        &["rtf"],
        "a Rich Text (.rtf) document",
        "open it in Word or WPS and save it as .docx or PDF",
    ),
    (
        &["odt"],
        "an OpenDocument text (.odt)",
        "open it in LibreOffice or WPS and save it as .docx or PDF",
    ),
    (
        &["pages"],
        "an Apple Pages document",
        "export it from Pages as Word (.docx) or PDF",
    ),
    (
        &["html", "htm", "mht", "mhtml", "xhtml"],
        "a web page",
        "save the report as PDF, Word (.docx) or text (.txt) instead",
    ),
];

/// What a report-like file yuqing does not read is, and what to do (see
/// [`CONVERTIBLE`]); `None` for other files.
fn convertible(path: &Path) -> Option<(&'static str, &'static str)> {
    let ext = extension(path)?;
    CONVERTIBLE
        .iter()
        .find(|(exts, _, _)| exts.contains(&ext.as_str()))
        .map(|&(_, what, advice)| (what, advice))
}

/// Whether `path` is a report-like document yuqing does not read (.doc,
/// .wps, .rtf, .odt, .pages, .html…): a report in the wrong format, to be
/// named when found in a folder.
pub fn is_unreadable_report(path: &Path) -> bool {
    convertible(path).is_some()
}

/// Files larger than this are refused without being read.
pub const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Largest decompressed page content or document.xml accepted (against
/// decompression bombs).
const MAX_DECOMPRESSED: usize = 64 * 1024 * 1024;

/// Whether `path` has an extension [`read_report`] reads (case-insensitive).
pub fn is_report_file(path: &Path) -> bool {
    extension(path).is_some_and(|e| REPORT_EXTENSIONS.contains(&e.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Read and parse one report file, choosing the reader by extension.
pub fn read_report(path: &Path) -> Result<Report> {
    read_reports(path).map(|reports| first_report(path, reports))
}

/// Every issue in a report file (usually one; see
/// [`super::parse::parse_reports_with`]).
pub fn read_reports(path: &Path) -> Result<Vec<Report>> {
    let ext = extension(path).unwrap_or_default();
    if let Some((what, advice)) = convertible(path) {
        return Err(Error::format(
            path,
            format!("is {what}, which yuqing cannot read; {advice}"),
        ));
    }
    if !REPORT_EXTENSIONS.contains(&ext.as_str()) {
        return Err(Error::format(
            path,
            format!(
                "cannot read {} files; yuqing reads reports as .txt, .text, .md, .markdown, .pdf or .docx",
                if ext.is_empty() { "extension-less".to_owned() } else { format!(".{ext}") }
            ),
        ));
    }
    let size = std::fs::metadata(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound && path.is_symlink() {
                Error::format(path, "is a link to a file that no longer exists; remove the link or restore the file")
            } else {
                read_error(path, e, Entry::File)
            }
        })?
        .len();
    if size > MAX_REPORT_BYTES {
        return Err(Error::format(
            path,
            format!(
                "{} MiB is too large to be a report (the limit is {} MiB); check that this is the right file",
                size / (1024 * 1024),
                MAX_REPORT_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| read_error(path, e, Entry::File))?;
    read_reports_bytes(path, &ext, bytes)
}

/// Parse a report from bytes already read; `ext` is the lower-case extension.
/// Consumes the bytes so they are freed before parsing.
pub fn read_report_bytes(path: &Path, ext: &str, bytes: Vec<u8>) -> Result<Report> {
    read_reports_bytes(path, ext, bytes).map(|reports| first_report(path, reports))
}

/// Every issue in a report file's bytes.
pub fn read_reports_bytes(path: &Path, ext: &str, bytes: Vec<u8>) -> Result<Vec<Report>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::format(
            path,
            "file is empty; export the report again or leave this file out",
        ));
    }
    let (text, layout) = match ext {
        "pdf" => (pdf_text(path, &bytes)?, Layout::Wrapped),
        "docx" => (docx_text(path, &bytes)?, Layout::Auto),
        _ => (decode(path, &bytes)?, Layout::Auto),
    };
    drop(bytes);
    parse_reports_with(path, &text, layout)
}

/// Run a third-party reader, turning a panic into an error naming the file.
fn guarded<T>(path: &Path, what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Err(Error::format(
            path,
            format!("the {what} reader crashed on this file ({msg}); the file is probably damaged: re-export it, or use the report's .txt version"),
        ))
    })
}

// ---------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------

/// The text of a PDF, one line per baseline, pages separated by a form feed
/// (`\n\x0C`, as pdftotext writes them).
pub fn pdf_text(path: &Path, bytes: &[u8]) -> Result<String> {
    if !bytes.starts_with(b"%PDF")
        && !bytes
            .get(..1024)
            .unwrap_or(bytes)
            .windows(4)
            .any(|w| w == b"%PDF")
    {
        if let Some(actual) = sniff(bytes) {
            return Err(misnamed(path, actual, "a PDF"));
        }
        if decode(path, bytes).is_ok() {
            return Err(Error::format(
                path,
                "is a text file, not a PDF, despite its name; rename it to .txt if it is the report's text",
            ));
        }
        return Err(Error::format(
            path,
            "is not a PDF (no %PDF header) nor any kind of file yuqing knows; export the report as PDF again",
        ));
    }
    if !has_eof_marker(bytes) {
        return Err(Error::format(
            path,
            "PDF is truncated (no %%EOF end marker; the download or copy was cut short); download or export it again",
        ));
    }
    guarded(path, "PDF", || {
        let doc = load_pdf(path, bytes)?;
        let text = extract_pdf(path, &doc)?;
        check_text_layer(path, &doc, &text)?;
        Ok(text)
    })
}

fn has_eof_marker(bytes: &[u8]) -> bool {
    let tail_start = bytes.len().saturating_sub(2048);
    bytes
        .get(tail_start..)
        .is_some_and(|t| t.windows(5).any(|w| w == b"%%EOF"))
}

fn load_pdf(path: &Path, bytes: &[u8]) -> Result<Document> {
    let doc = Document::load_mem(bytes).map_err(|e| pdf_load_error(path, &e))?;
    if doc.is_encrypted() {
        return Err(encrypted(path));
    }
    Ok(doc)
}

fn encrypted(path: &Path) -> Error {
    Error::format(
        path,
        "PDF is encrypted (password-protected); open it with the password and save an unprotected copy, or use the .txt/.docx version",
    )
}

fn pdf_load_error(path: &Path, e: &lopdf::Error) -> Error {
    match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword | lopdf::Error::AlreadyEncrypted => {
            encrypted(path)
        }
        other => Error::format(
            path,
            format!("PDF is damaged and cannot be read ({other}); download or export it again, or use the .txt version"),
        ),
    }
}

/// Text per page through the layout-aware extractor.
fn extract_pdf(path: &Path, doc: &Document) -> Result<String> {
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(Error::format(path, "PDF has no pages; export it again"));
    }
    let mut out = String::new();
    let mut failures = 0;
    let mut first_error = None;
    for (&number, &page_id) in &pages {
        match page_text(doc, page_id) {
            Ok(text) => {
                if !out.is_empty() {
                    // A form feed marks the page end, as pdftotext does; the
                    // parser uses it to spot running headers and footers.
                    out.push_str("\n\u{0C}");
                }
                out.push_str(&text);
            }
            Err(e) => {
                failures += 1;
                first_error.get_or_insert(format!("page {number}: {e}"));
            }
        }
    }
    if failures == pages.len() {
        return Err(Error::format(
            path,
            format!(
                "PDF is damaged: no page could be read ({}); download or export it again, or use the .txt version",
                first_error.unwrap_or_default()
            ),
        ));
    }
    Ok(out)
}

/// Refuse PDFs whose text layer is missing or not mapped to Unicode.
fn check_text_layer(path: &Path, doc: &Document, text: &str) -> Result<()> {
    let visible: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if visible.len() < 20 {
        let images = doc
            .get_pages()
            .values()
            .any(|&id| doc.get_page_images(id).is_ok_and(|imgs| !imgs.is_empty()));
        let what = if images { "only images" } else { "no text" };
        return Err(Error::format(
            path,
            format!("PDF has no text layer ({what} on its pages; scanned images?); run OCR first or use the text version"),
        ));
    }
    let garbled = visible
        .iter()
        .filter(|&&c| c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c) || c.is_control())
        .count();
    if garbled * 5 > visible.len() {
        return Err(Error::format(
            path,
            "PDF text cannot be decoded to Unicode (its fonts have no character map); use the .txt/.docx version, or OCR the PDF",
        ));
    }
    Ok(())
}

/// One string drawn on a page, at its baseline position in user space.
#[derive(Debug)]
struct Run {
    x: f64,
    y: f64,
    size: f64,
    text: String,
}

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// The text state the extractor follows (PDF 32000-1 §9.3–9.4).
struct TextState<'a> {
    ctm: Matrix,
    stack: Vec<Matrix>,
    tm: Matrix,
    tlm: Matrix,
    leading: f64,
    size: f64,
    font: Option<&'a FontDecoder<'a>>,
}

/// How one font's string bytes become text.
enum FontDecoder<'a> {
    Lopdf(Encoding<'a>),
    /// Predefined GB CMaps lopdf does not map (GBK-EUC-H, GB-EUC-H, …).
    Gb18030,
    Undecodable,
}

impl FontDecoder<'_> {
    fn decode(&self, bytes: &[u8]) -> String {
        match self {
            FontDecoder::Lopdf(enc) => enc
                .bytes_to_string(bytes)
                .unwrap_or_else(|_| "\u{FFFD}".repeat(bytes.len().min(4))),
            FontDecoder::Gb18030 => encoding_rs::GB18030
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            FontDecoder::Undecodable => "\u{FFFD}".repeat(bytes.len().div_ceil(2)),
        }
    }
}

fn font_decoders<'a>(
    doc: &'a Document,
    page_id: lopdf::ObjectId,
) -> BTreeMap<Vec<u8>, FontDecoder<'a>> {
    let fonts = doc.get_page_fonts(page_id).unwrap_or_default();
    fonts
        .into_iter()
        .map(|(name, font)| {
            let cmap_name = font.get(b"Encoding").ok().and_then(|o| o.as_name().ok());
            let gb = cmap_name.is_some_and(|n| n.starts_with(b"GB") || n.starts_with(b"GBK"));
            let decoder = match font.get_font_encoding_with_limit(doc, MAX_DECOMPRESSED) {
                Ok(Encoding::SimpleEncoding(n))
                    if !n.starts_with(b"Uni") && n != b"WinAnsiEncoding" =>
                {
                    if gb {
                        FontDecoder::Gb18030
                    } else {
                        FontDecoder::Undecodable
                    }
                }
                Ok(enc) => FontDecoder::Lopdf(enc),
                Err(_) if gb => FontDecoder::Gb18030,
                Err(_) => FontDecoder::Undecodable,
            };
            (name, decoder)
        })
        .collect()
}

fn page_text(doc: &Document, page_id: lopdf::ObjectId) -> Result<String, String> {
    let decoders = font_decoders(doc, page_id);
    let data = doc
        .get_page_content_with_limit(page_id, MAX_DECOMPRESSED)
        .map_err(|e| e.to_string())?;
    let content = Content::decode(&data).map_err(|e| e.to_string())?;
    let runs = collect_runs(&content, &decoders);
    Ok(runs_to_lines(&runs))
}

fn num(o: &Object) -> Option<f64> {
    o.as_float()
        .ok()
        .map(f64::from)
        .or_else(|| o.as_i64().ok().map(|i| i as f64))
}

fn nums<const N: usize>(ops: &[Object]) -> Option<[f64; N]> {
    let mut out = [0.0; N];
    for (slot, o) in out.iter_mut().zip(ops) {
        *slot = num(o)?;
    }
    (ops.len() >= N).then_some(out)
}

fn collect_runs<'a>(
    content: &Content,
    decoders: &'a BTreeMap<Vec<u8>, FontDecoder<'a>>,
) -> Vec<Run> {
    let mut st = TextState {
        ctm: IDENTITY,
        stack: Vec::new(),
        tm: IDENTITY,
        tlm: IDENTITY,
        leading: 0.0,
        size: 0.0,
        font: None,
    };
    let mut runs = Vec::new();
    for op in &content.operations {
        let args = op.operands.as_slice();
        match op.operator.as_str() {
            "q" => st.stack.push(st.ctm),
            "Q" => st.ctm = st.stack.pop().unwrap_or(IDENTITY),
            "cm" => {
                if let Some(m) = nums::<6>(args) {
                    st.ctm = mul(&m, &st.ctm);
                }
            }
            "BT" => {
                st.tm = IDENTITY;
                st.tlm = IDENTITY;
            }
            "Tf" => {
                st.font = args
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| decoders.get(n));
                st.size = args.get(1).and_then(num).unwrap_or(st.size);
            }
            "TL" => st.leading = args.first().and_then(num).unwrap_or(st.leading),
            "Td" => {
                if let Some([tx, ty]) = nums::<2>(args) {
                    move_line(&mut st, tx, ty);
                }
            }
            "TD" => {
                if let Some([tx, ty]) = nums::<2>(args) {
                    st.leading = -ty;
                    move_line(&mut st, tx, ty);
                }
            }
            "Tm" => {
                if let Some(m) = nums::<6>(args) {
                    st.tm = m;
                    st.tlm = m;
                }
            }
            "T*" => next_line(&mut st),
            "Tj" => show(&mut runs, &st, args.first()),
            "TJ" => show(&mut runs, &st, args.first()),
            "'" => {
                next_line(&mut st);
                show(&mut runs, &st, args.first());
            }
            "\"" => {
                next_line(&mut st);
                show(&mut runs, &st, args.get(2));
            }
            _ => {}
        }
    }
    runs
}

fn move_line(st: &mut TextState, tx: f64, ty: f64) {
    st.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &st.tlm);
    st.tm = st.tlm;
}

fn next_line(st: &mut TextState) {
    let leading = st.leading;
    move_line(st, 0.0, -leading);
}

/// Record a Tj string or TJ array at the current text position. A TJ
/// adjustment wider than a quarter em counts as a space.
fn show(runs: &mut Vec<Run>, st: &TextState, operand: Option<&Object>) {
    let (Some(font), Some(operand)) = (st.font, operand) else {
        return;
    };
    let mut text = String::new();
    match operand {
        Object::String(bytes, _) => text.push_str(&font.decode(bytes)),
        Object::Array(items) => {
            for item in items {
                match item {
                    Object::String(bytes, _) => text.push_str(&font.decode(bytes)),
                    other => {
                        if num(other).is_some_and(|n| n < -250.0)
                            && !text.ends_with(' ')
                            && !text.is_empty()
                        {
                            text.push(' ');
                        }
                    }
                }
            }
        }
        _ => return,
    }
    if text.is_empty() {
        return;
    }
    let m = mul(&st.tm, &st.ctm);
    let scale = (m[2] * m[2] + m[3] * m[3]).sqrt();
    runs.push(Run {
        x: m[4],
        y: m[5],
        size: (st.size * scale).abs().max(1.0),
        text,
    });
}

/// Group runs into lines by baseline, in content order; a vertical gap of
/// more than 1.8 lines becomes a blank line; a wide horizontal gap becomes a space.
fn runs_to_lines(runs: &[Run]) -> String {
    let mut out = String::new();
    let mut line_y: Option<f64> = None;
    let mut line_end_x = 0.0;
    for run in runs {
        if let Some(y) = line_y {
            let same_line = (run.y - y).abs() <= run.size * 0.5;
            if !same_line {
                out.push('\n');
                if (y - run.y) > run.size * 1.8 * 1.2 {
                    out.push('\n');
                }
            } else if run.x - line_end_x > run.size * 0.8
                && !out.ends_with(' ')
                && !run.text.starts_with(' ')
            {
                out.push(' ');
            }
        }
        out.push_str(&run.text);
        line_y = Some(run.y);
        line_end_x = run.x + estimated_width(&run.text, run.size);
    }
    out
}

/// Rough advance width of a run: 1 em for CJK, 0.55 em otherwise.
fn estimated_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| {
            if (c as u32) >= 0x2E80 {
                size
            } else {
                size * 0.55
            }
        })
        .sum()
}

// ---------------------------------------------------------------------------
// DOCX
// ---------------------------------------------------------------------------

/// The paragraphs of a .docx main document, one line each, with Word's
/// automatic list numbers written out in front of the paragraphs they number.
pub fn docx_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let (xml, numbering) = guarded(path, "DOCX", || docx_parts(path, bytes))?;
    let mut lists = Lists::new(numbering);
    guarded(path, "DOCX", || paragraphs_from_xml(path, &xml, &mut lists))
}

/// document.xml, plus the list definitions when the file has them.
fn docx_parts(path: &Path, bytes: &[u8]) -> Result<(String, Numbering)> {
    let not_docx = |detail: String| {
        Error::format(
            path,
            format!("is not a valid .docx ({detail}); if it is an old .doc or a password-protected file, open it in Word/WPS and save it as .docx"),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        match sniff(bytes).filter(|&a| a != Actual::Zip) {
            Some(actual) => misnamed(path, actual, "a Word .docx"),
            // It starts as a .docx does, but the zip's directory at its end
            // is missing: a download or copy cut short, not an old .doc.
            None if bytes.starts_with(b"PK\x03\x04") => Error::format(
                path,
                "the .docx is truncated (it begins as a Word document but its end is missing; \
                 the download or copy was cut short); download or export it again",
            ),
            None => not_docx(format!("not a zip archive: {e}")),
        }
    })?;
    let xml = document_xml(path, &mut zip, not_docx)?;
    // The list numbers are an extra: a numbering part that is missing,
    // damaged or crashes its reader leaves the paragraphs unnumbered.
    let numbering =
        catch_unwind(AssertUnwindSafe(|| Numbering::from_zip(&mut zip))).unwrap_or_default();
    Ok((xml, numbering))
}

fn document_xml(
    path: &Path,
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    not_docx: impl Fn(String) -> Error,
) -> Result<String> {
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|_| not_docx("no word/document.xml inside".to_owned()))?;
    let mut xml = Vec::new();
    entry
        .take(MAX_DECOMPRESSED as u64 + 1)
        .read_to_end(&mut xml)
        .map_err(|e| not_docx(format!("cannot decompress word/document.xml: {e}")))?;
    if xml.len() > MAX_DECOMPRESSED {
        return Err(not_docx(
            "word/document.xml is larger than 64 MiB".to_owned(),
        ));
    }
    String::from_utf8(xml).map_err(|e| {
        // A character cut in two at the very end: the document was truncated.
        if e.utf8_error().error_len().is_none() {
            Error::format(
                path,
                "is damaged: its text (word/document.xml) is cut short; export or copy the report again",
            )
        } else {
            not_docx("word/document.xml is not UTF-8".to_owned())
        }
    })
}

/// An optional part of the package (word/numbering.xml, word/styles.xml):
/// `None` when it is missing, too large, unreadable or not UTF-8.
pub(super) fn optional_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Option<String> {
    let entry = zip.by_name(name).ok()?;
    let mut xml = Vec::new();
    entry
        .take(MAX_DECOMPRESSED as u64 + 1)
        .read_to_end(&mut xml)
        .ok()?;
    if xml.len() > MAX_DECOMPRESSED {
        return None;
    }
    String::from_utf8(xml).ok()
}

/// Where the document walker is, as far as list numbering cares: a
/// paragraph, its properties, their numbering reference, anything else.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    PPr,
    NumPr,
    Other,
}

/// A paragraph being read: where its text starts in the output and the
/// numbering it asks for (direct `w:numPr`, or through its style).
struct Para {
    start: usize,
    num_id: Option<u32>,
    ilvl: Option<u32>,
    style: Option<String>,
    numbered: bool,
}

/// Walk document.xml: `w:p` → one line; `w:t` text (hyperlink runs
/// included); `w:tab` → tab; `w:br`/`w:cr` → line break; deleted text,
/// field instructions and the fallback copy of alternate content skipped.
/// A paragraph in an automatic list starts with its list number, as Word
/// shows it (`1.`, `一、`, `1.2`), then the level's separator (a tab unless
/// the level says space or nothing).
fn paragraphs_from_xml(path: &Path, xml: &str, lists: &mut Lists) -> Result<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut skip_depth = 0usize;
    let mut tags: Vec<Tag> = Vec::new();
    let mut paras: Vec<Para> = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            Error::format(
                path,
                format!("word/document.xml is malformed ({e}); open the file in Word/WPS and save it again"),
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip_depth > 0 || matches!(name, b"Fallback" | b"delText" | b"instrText") {
                    skip_depth += 1;
                } else {
                    let parent = tags.last().copied();
                    paragraph_property(parent, &e, &mut paras);
                    let tag = match (name, parent) {
                        (b"p", _) => {
                            paras.push(Para {
                                start: out.len(),
                                num_id: None,
                                ilvl: None,
                                style: None,
                                numbered: false,
                            });
                            Tag::P
                        }
                        (b"pPr", Some(Tag::P)) => Tag::PPr,
                        (b"numPr", Some(Tag::PPr)) => Tag::NumPr,
                        _ => Tag::Other,
                    };
                    tags.push(tag);
                    if name == b"t" {
                        in_text = true;
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip_depth > 0 {
                    skip_depth -= 1;
                } else {
                    match tags.pop() {
                        // The properties are complete: number the paragraph
                        // now, in document order, before any nested one.
                        Some(Tag::PPr) => number_paragraph(&mut out, paras.last_mut(), lists),
                        Some(Tag::P) => {
                            let mut para = paras.pop();
                            number_paragraph(&mut out, para.as_mut(), lists);
                        }
                        _ => {}
                    }
                    if name == b"t" {
                        in_text = false;
                    } else if name == b"p" {
                        out.push('\n');
                    }
                }
            }
            Event::Empty(e) if skip_depth == 0 => {
                paragraph_property(tags.last().copied(), &e, &mut paras);
                match e.local_name().as_ref() {
                    b"tab" => out.push('\t'),
                    b"br" | b"cr" => out.push('\n'),
                    b"p" => out.push('\n'),
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip_depth == 0 => {
                let text = t.unescape().map_err(|e| {
                    Error::format(path, format!("word/document.xml has a bad character reference ({e}); save the file again"))
                })?;
                out.push_str(&text);
            }
            Event::CData(t) if in_text && skip_depth == 0 => {
                out.push_str(&String::from_utf8_lossy(&t))
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if out.trim().is_empty() {
        return Err(Error::format(
            path,
            "the .docx contains no text; check that it is the report",
        ));
    }
    Ok(out)
}

/// Record `w:pStyle` (in `w:pPr`) and `w:numId`/`w:ilvl` (in `w:pPr/w:numPr`)
/// of the paragraph being read. Properties elsewhere (a tracked change's old
/// `w:pPrChange/w:pPr`, run properties) are not the paragraph's.
fn paragraph_property(parent: Option<Tag>, e: &BytesStart, paras: &mut [Para]) {
    let Some(para) = paras.last_mut() else {
        return;
    };
    match (parent, e.local_name().as_ref()) {
        (Some(Tag::PPr), b"pStyle") => para.style = attr(e, b"val"),
        (Some(Tag::NumPr), b"numId") => para.num_id = attr(e, b"val").and_then(|v| v.parse().ok()),
        (Some(Tag::NumPr), b"ilvl") => para.ilvl = attr(e, b"val").and_then(|v| v.parse().ok()),
        _ => {}
    }
}

/// Put the list number of `para` (if any) in front of its text, once.
fn number_paragraph(out: &mut String, para: Option<&mut Para>, lists: &mut Lists) {
    let Some(para) = para else {
        return;
    };
    if std::mem::replace(&mut para.numbered, true) {
        return;
    }
    if let Some(label) = lists.label(para.num_id, para.ilvl, para.style.as_deref()) {
        // `start` was the output length when the paragraph opened: a char
        // boundary, and only the paragraph's own text follows it.
        out.insert_str(para.start, &label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    /// A .docx in memory: `body` as the content of `w:body`, and a
    /// numbering part (the content of `w:numbering`) and a styles part (the
    /// content of `w:styles`) when given.
    fn docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let mut part = |name: &str, xml: String| {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
        };
        part(
            "word/document.xml",
            format!("<?xml version=\"1.0\"?><w:document {NS}><w:body>{body}</w:body></w:document>"),
        );
        if let Some(n) = numbering {
            part(
                "word/numbering.xml",
                format!("<w:numbering {NS}>{n}</w:numbering>"),
            );
        }
        if let Some(s) = styles {
            part("word/styles.xml", format!("<w:styles {NS}>{s}</w:styles>"));
        }
        zip.finish().unwrap().into_inner()
    }

    /// A paragraph, in list `num` at `level` when given.
    fn p(list: Option<(u32, u32)>, text: &str) -> String {
        let ppr = list.map_or(String::new(), |(num, level)| {
            format!(r#"<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>"#)
        });
        format!(r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    /// One `w:lvl`: (format, level text, start).
    fn lvl(ilvl: usize, fmt: &str, text: &str, start: u32) -> String {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:lvl>"#
        )
    }

    fn abstract_num(id: u32, levels: &[String]) -> String {
        format!(
            r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="hybridMultilevel"/>{}</w:abstractNum>"#,
            levels.concat()
        )
    }

    fn num(id: u32, abstract_id: u32) -> String {
        format!(r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>"#)
    }

    fn lines(bytes: &[u8]) -> Vec<String> {
        docx_text(Path::new("t.docx"), bytes)
            .unwrap_or_else(|e| panic!("{e}"))
            .lines()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn decimal_list_numbers_are_written_out() {
        let numbering = [abstract_num(1, &[lvl(0, "decimal", "%1.", 1)]), num(3, 1)].concat();
        let body = [
            p(None, "具体内容"),
            p(Some((3, 0)), "第一篇"),
            p(None, "来源：人民日报"),
            p(Some((3, 0)), "第二篇"),
        ]
        .concat();
        assert_eq!(
            lines(&docx(&body, Some(&numbering), None)),
            ["具体内容", "1.\t第一篇", "来源：人民日报", "2.\t第二篇"]
        );
    }

    #[test]
    fn chinese_counting_with_dunhao() {
        let numbering = [
            abstract_num(0, &[lvl(0, "chineseCounting", "%1、", 1)]),
            num(1, 0),
        ]
        .concat();
        let body: String = (1..=12)
            .map(|i| p(Some((1, 0)), &format!("节{i}")))
            .collect();
        let got = lines(&docx(&body, Some(&numbering), None));
        assert_eq!(got[0], "一、\t节1");
        assert_eq!(got[1], "二、\t节2");
        assert_eq!(got[9], "十、\t节10");
        assert_eq!(got[10], "十一、\t节11");
        assert_eq!(got[11], "十二、\t节12");
    }

    #[test]
    fn nested_levels_restart_below_the_level_that_advances() {
        let numbering = [
            abstract_num(
                0,
                &[
                    lvl(0, "decimal", "%1.", 1),
                    lvl(1, "decimal", "%1.%2", 1),
                    lvl(2, "lowerLetter", "(%3)", 1),
                ],
            ),
            num(1, 0),
        ]
        .concat();
        let body = [
            p(Some((1, 0)), "a"),
            p(Some((1, 1)), "b"),
            p(Some((1, 2)), "c"),
            p(Some((1, 2)), "d"),
            p(Some((1, 1)), "e"),
            p(Some((1, 2)), "f"),
            p(Some((1, 0)), "g"),
            p(Some((1, 1)), "h"),
        ]
        .concat();
        assert_eq!(
            lines(&docx(&body, Some(&numbering), None)),
            ["1.\ta", "1.1\tb", "(a)\tc", "(b)\td", "1.2\te", "(a)\tf", "2.\tg", "2.1\th"]
        );
    }

    #[test]
    fn start_value_and_start_override() {
        // Lists 1 and 2 share abstract 0 and so one counter (Word goes on
        // counting); list 3 restarts it with a start override.
        let numbering = [
            abstract_num(0, &[lvl(0, "decimal", "%1.", 5)]),
            num(1, 0),
            num(2, 0),
            r#"<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#.to_owned(),
        ]
        .concat();
        let body = [
            p(Some((1, 0)), "a"),
            p(Some((1, 0)), "b"),
            p(Some((2, 0)), "c"),
            p(Some((3, 0)), "d"),
            p(Some((3, 0)), "e"),
            p(Some((1, 0)), "f"),
        ]
        .concat();
        assert_eq!(
            lines(&docx(&body, Some(&numbering), None)),
            ["5.\ta", "6.\tb", "7.\tc", "1.\td", "2.\te", "3.\tf"]
        );
    }

    #[test]
    fn bullets_and_none_give_no_number() {
        let numbering = [
            abstract_num(0, &[lvl(0, "bullet", "\u{F0B7}", 1), lvl(1, "none", "", 1)]),
            abstract_num(1, &[lvl(0, "decimal", "%1.", 1)]),
            num(1, 0),
            num(2, 1),
        ]
        .concat();
        let body = [
            p(Some((1, 0)), "要点"),
            p(Some((1, 1)), "细节"),
            p(Some((2, 0)), "标题"),
            p(Some((1, 0)), "又一点"),
            p(Some((2, 0)), "标题二"),
        ]
        .concat();
        assert_eq!(
            lines(&docx(&body, Some(&numbering), None)),
            ["要点", "细节", "1.\t标题", "又一点", "2.\t标题二"]
        );
    }

    #[test]
    fn numbering_through_the_paragraph_style() {
        let numbering = [
            abstract_num(
                0,
                &[
                    lvl(0, "chineseCounting", "%1、", 1),
                    r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/><w:suff w:val="space"/><w:lvlText w:val="%2."/></w:lvl>"#.to_owned(),
                ],
            ),
            num(4, 0),
        ]
        .concat();
        let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="MyHeading2"><w:basedOn w:val="Heading2"/></w:style>"#;
        let styled = |style: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            styled("Heading1", "信息目录"),
            styled("Heading2", "甲"),
            styled("Heading2", "乙"),
            styled("Heading1", "具体内容"),
            styled("Heading2", "甲"),
            p(None, "正文"),
            // numId 0 switches the style's numbering off.
            r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>无编号</w:t></w:r></w:p>"#.to_owned(),
        ]
        .concat();
        assert_eq!(
            lines(&docx(&body, Some(&numbering), Some(styles))),
            [
                "一、\t信息目录",
                "1. 甲",
                "2. 乙",
                "二、\t具体内容",
                "1. 甲",
                "正文",
                "无编号"
            ]
        );
        // Without styles.xml only direct numbering counts.
        assert_eq!(
            lines(&docx(&body, Some(&numbering), None)),
            ["信息目录", "甲", "乙", "具体内容", "甲", "正文", "无编号"]
        );
    }

    #[test]
    fn old_properties_of_a_tracked_change_do_not_number() {
        let numbering = [abstract_num(0, &[lvl(0, "decimal", "%1.", 1)]), num(1, 0)].concat();
        let body = r#"<w:p><w:pPr><w:pPrChange w:id="1" w:author="a"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>曾是列表</w:t></w:r></w:p>"#;
        assert_eq!(lines(&docx(body, Some(&numbering), None)), ["曾是列表"]);
    }

    #[test]
    fn missing_or_malformed_numbering_is_ignored() {
        let body = [p(Some((1, 0)), "标题"), p(None, "正文")].concat();
        assert_eq!(lines(&docx(&body, None, None)), ["标题", "正文"]);
        for bad in [
            "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\">",
            "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"9\"/></w:num>",
            "<w:num w:numId=\"x\"/>&bogus;",
        ] {
            assert_eq!(
                lines(&docx(&body, Some(bad), None)),
                ["标题", "正文"],
                "{bad}"
            );
        }
        // A level past the ninth, a start at the end of the counter's range,
        // a list without its abstract definition: no panic, no number.
        let numbering = [
            abstract_num(0, &[lvl(0, "upperLetter", "%1.", u32::MAX)]),
            num(1, 0),
            r#"<w:num w:numId="2"/>"#.to_owned(),
        ]
        .concat();
        let body = [
            p(Some((1, 0)), "a"),
            p(Some((1, 0)), "b"),
            p(Some((1, 12)), "c"),
            p(Some((2, 0)), "d"),
        ]
        .concat();
        let max = u32::MAX.to_string();
        assert_eq!(
            lines(&docx(&body, Some(&numbering), None)),
            [
                format!("{max}.\ta"),
                format!("{max}.\tb"),
                "c".into(),
                "d".into()
            ]
        );
        let body = [p(Some((1, 0)), "标题"), p(None, "正文")].concat();
        // A numbering part that is not UTF-8.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        write!(zip, "<w:document {NS}><w:body>{body}</w:body></w:document>").unwrap();
        zip.start_file(
            "word/numbering.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(b"\xff\xfe<\x00").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert_eq!(lines(&bytes), ["标题", "正文"]);
    }

    #[test]
    fn level_options() {
        let numbering = [
            abstract_num(
                0,
                &[
                    lvl(0, "upperRoman", "第%1部分", 1),
                    // isLgl: the Roman parent shows as a digit.
                    r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:suff w:val="nothing"/><w:lvlText w:val="%1.%2"/></w:lvl>"#.to_owned(),
                    // lvlRestart 0: never restarts.
                    r#"<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlRestart w:val="0"/><w:lvlText w:val="%3"/></w:lvl>"#.to_owned(),
                ],
            ),
            num(1, 0),
        ]
        .concat();
        let body = [
            p(Some((1, 2)), "a"),
            p(Some((1, 0)), "b"),
            p(Some((1, 1)), "c"),
            p(Some((1, 2)), "d"),
            p(Some((1, 0)), "e"),
            p(Some((1, 1)), "f"),
        ]
        .concat();
        assert_eq!(
            lines(&docx(&body, Some(&numbering), None)),
            ["①\ta", "第I部分\tb", "1.1c", "②\td", "第II部分\te", "2.1f"]
        );
    }

    #[test]
    fn custom_format_uses_its_fallback() {
        let numbering = [
            r#"<w:abstractNum w:abstractNumId="0" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>"#.to_owned(),
            num(1, 0),
        ]
        .concat();
        let body = p(Some((1, 0)), "标题");
        assert_eq!(lines(&docx(&body, Some(&numbering), None)), ["01.\t标题"]);
    }
}
