//! UI builders: any tree of components, with any strings, must validate to
//! output within Plain's limits or to a one-line error with a path.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    plain_sdk::__private::fuzz_ui(data);
});
