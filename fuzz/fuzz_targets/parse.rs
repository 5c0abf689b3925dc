//! Fuzz target: report parsing must never panic, whatever the bytes.
//!
//! Run from the repository root (cargo-fuzz needs the nightly toolchain):
//!   mkdir -p fuzz/corpus/parse
//!   cargo +nightly fuzz run parse fuzz/corpus/parse examples/reports -- \
//!       -dict=fuzz/parse.dict -max_len=65536 -max_total_time=600
//! New inputs go to fuzz/corpus/parse; the seed reports are read-only starting points.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use yuqing::corpus::decode::decode;
use yuqing::corpus::parse::{parse_report, parse_report_with, Layout};

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.txt");
    // The real path for text files: bytes → decode → parse.
    if let Ok(text) = decode(path, data) {
        let _ = parse_report(path, &text);
    }
    // Force each layout on the lossy text too, so the PDF reflow path is hit.
    let lossy = String::from_utf8_lossy(data);
    let _ = parse_report_with(path, &lossy, Layout::Wrapped);
    let _ = parse_report_with(path, &lossy, Layout::Flowed);
});
