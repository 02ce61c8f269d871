//! UI builders: any tree of components, with any strings, must validate to
//! output within Plain's limits or to a one-line error with a path.
#![no_main]

#[path = "../../tests/fuzz/harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::fuzz_ui(data);
});
