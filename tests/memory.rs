//! Peak memory of response handling, counted by a global allocator that
//! tracks live bytes: whatever a server sends within `max_response_bytes`,
//! handling it must stay within a small multiple of the body's size.
//!
//! Counts bytes, not time: the figures are exact and repeatable. The cases
//! run one after another in one test, so nothing else allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use plain_sdk::__private::decode_response;
use plain_sdk::operations::get_customer_by_id;
use reqwest::header::HeaderMap;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most live bytes while `f` runs, above what was live before it.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let out = f();
    (out, PEAK.load(Ordering::SeqCst) - before)
}

const MIB: usize = 1024 * 1024;

/// `{"data":{"customers":[{…},{…},…]}` of about `size` bytes: many small
/// values, the shape that costs the most once decoded.
fn many_small_values(size: usize) -> String {
    let item = r#"{"id":"c_1","n":1,"ok":true,"tags":["a","b"]},"#;
    let mut data = String::with_capacity(size + 64);
    data.push_str(r#"{"customers":["#);
    while data.len() + item.len() < size {
        data.push_str(item);
    }
    data.push_str(r#"{"id":"c_2"}]}"#);
    data
}

#[test]
fn peak_memory_stays_within_a_small_multiple_of_the_body() {
    let headers = HeaderMap::new();
    let data = many_small_values(15 * MIB);
    let mut cases: Vec<(&str, String)> = vec![
        (
            "16 MiB of partial data and one error",
            format!(r#"{{"data":{data},"errors":[{{"message":"one field failed"}}]}}"#),
        ),
        (
            "16 MiB of errors after null data",
            format!(
                r#"{{"data":null,"errors":[{}{{"message":"last"}}]}}"#,
                r#"{"message":"x"},"#.repeat(15 * MIB / 16)
            ),
        ),
        (
            "one 16 MiB error message",
            format!(
                r#"{{"data":null,"errors":[{{"message":"{}"}}]}}"#,
                "m".repeat(15 * MIB)
            ),
        ),
        (
            "one error with 16 MiB of extensions",
            format!(r#"{{"data":null,"errors":[{{"message":"x","extensions":{data}}}]}}"#),
        ),
    ];
    cases.push((
        "16 MiB of errors before the data",
        format!(
            r#"{{"errors":[{}{{"message":"last"}}],"data":{{"customer":null}}}}"#,
            r#"{"message":"x"},"#.repeat(15 * MIB / 16)
        ),
    ));
    let mut report = Vec::new();
    for (name, body) in &cases {
        let body = body.as_bytes();
        let (typed, typed_peak) = peak_during(|| {
            decode_response::<get_customer_by_id::ResponseData>(200, &headers, body).map(drop)
        });
        let (untyped, untyped_peak) =
            peak_during(|| decode_response::<serde_json::Value>(200, &headers, body).map(drop));
        assert!(typed.is_err() && untyped.is_err(), "{name}");
        report.push(format!(
            "{name}: body {:.1} MiB, peak typed {:.1} MiB, untyped {:.1} MiB",
            body.len() as f64 / MIB as f64,
            typed_peak as f64 / MIB as f64,
            untyped_peak as f64 / MIB as f64
        ));
        for peak in [typed_peak, untyped_peak] {
            assert!(
                peak <= 3 * body.len(),
                "{name}: peak {peak} bytes for a body of {}\n{}",
                body.len(),
                report.join("\n")
            );
        }
    }
    println!("{}", report.join("\n"));
}
