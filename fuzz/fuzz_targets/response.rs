//! Response classification and decoding: any status, rate-limit headers and
//! body must give data or a one-line typed error, never a panic, and the
//! one-pass success path must agree with the full classification.
#![no_main]

#[path = "../../tests/fuzz/harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::fuzz_response(data);
});
