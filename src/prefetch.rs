//! Software prefetch: start loading a cache line that will be read soon.
//!
//! Prediction looks up every term of a document in a vocabulary table and
//! then reads each found column's class weights; both sit at unpredictable
//! addresses in tables of megabytes. Issuing the loads for all of a
//! document's terms before using any lets them overlap instead of waiting for
//! each in turn (measured with `examples/stages.rs`: the TF-IDF stage of the
//! words + character n-gram model went from 12.0 to 10.4 ms on nlpcc dev).

/// Hint that `*value` will be read soon. Does nothing on targets other than
/// x86_64.
#[inline(always)]
pub(crate) fn read<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: SSE is part of the x86_64 baseline, so the instruction
        // exists; a prefetch only hints the cache and never faults, and the
        // pointer comes from a live reference anyway.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
