//! What compressed responses cost and save: a page of 100 threads
//! (`getThreads` with `first: 100`, each thread as `MockPlain` generates
//! it), decoded as it arrives uncompressed, and gunzipped then decoded as it
//! arrives with `Content-Encoding: gzip`; then the whole call through the
//! client against `MockPlain` serving that page, which compresses when the
//! client asks (this crate's client does; one built with reqwest's
//! `no_gzip()` does not). Prints the bytes on the wire of both first, as
//! the mock counted them.
//!
//! ```sh
//! cargo bench --bench compression --features testing
//! ```

use std::hint::black_box;
use std::io::{Read as _, Write as _};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use plain_sdk::__private::decode_response;
use plain_sdk::operations::get_threads;
use plain_sdk::testing::{Answer, MockPlain};
use reqwest::header::HeaderMap;
use serde_json::{json, Value};

const PAGE: usize = 100;

/// `{"data": …}` of a 100-thread page: the generated page's one thread,
/// 100 times, with every id made a random ULID-like string and every text
/// given a random word, so that the threads differ as real ones do (real
/// text repeats more than random words, so this errs against compression).
fn page() -> Vec<u8> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let data = runtime.block_on(async {
        let mock = MockPlain::builder()
            .stateless()
            .start()
            .await
            .expect("mock");
        mock.client()
            .execute_raw(
                get_threads::QUERY,
                json!({ "first": PAGE }),
                Some("GetThreads"),
            )
            .await
            .expect("generated")
    });
    let mut data = data;
    let edge = data["threads"]["edges"][0].clone();
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let edges: Vec<Value> = (0..PAGE)
        .map(|_| {
            let mut edge = edge.clone();
            vary(&mut edge, &mut random);
            edge
        })
        .collect();
    data["threads"]["edges"] = Value::Array(edges);
    serde_json::to_vec(&json!({ "data": data })).expect("JSON")
}

/// xorshift64: deterministic noise for the page.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

/// Ids (`thread_1`) become `thread_<26 random base-32 characters>`;
/// timestamps and enum values stay; other text gets a random word.
fn vary(value: &mut Value, random: &mut Random) {
    const BASE32: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    match value {
        Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                if key != "__typename" && key != "iso8601" && key != "unixTimestamp" {
                    vary(field, random);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| vary(item, random)),
        Value::String(text) => {
            let is_id = text
                .rsplit_once('_')
                .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            let is_enum = text.bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
            if is_id {
                let prefix = text.rsplit_once('_').map_or("", |(p, _)| p).to_owned();
                *text = format!("{prefix}_{}", random.text(BASE32, 26));
            } else if !is_enum {
                let word = random.text(LETTERS, 8);
                text.push(' ');
                text.push_str(&word);
            }
        }
        _ => {}
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("in memory");
    encoder.finish().expect("in memory")
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

fn compression(c: &mut Criterion) {
    let raw = page();
    let compressed = gzip(&raw);
    eprintln!(
        "getThreads, {PAGE} threads: {} bytes uncompressed, {} bytes gzip ({:.1}x smaller)",
        raw.len(),
        compressed.len(),
        raw.len() as f64 / compressed.len() as f64
    );
    let headers = HeaderMap::new();
    let mut group = c.benchmark_group("large_page");
    group.throughput(Throughput::Elements(PAGE as u64));
    group.bench_function("decode", |b| {
        b.iter(|| {
            decode_response::<get_threads::ResponseData>(200, &headers, black_box(&raw))
                .expect("decodes")
        })
    });
    group.bench_function("gunzip_and_decode", |b| {
        b.iter(|| {
            let body = gunzip(black_box(&compressed));
            decode_response::<get_threads::ResponseData>(200, &headers, &body).expect("decodes")
        })
    });
    group.finish();
}

/// The whole call, client and mock in one process: the mock's own work
/// (checking the request, compressing) is inside these figures too.
fn through_the_mock(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let data: Value = serde_json::from_slice::<Value>(&page()).expect("JSON")["data"].clone();
    let mock = runtime.block_on(async {
        let mock = MockPlain::builder()
            .stateless()
            .start()
            .await
            .expect("mock");
        mock.on_operation("GetThreads").respond(Answer::data(data));
        mock
    });
    let gzip_client = mock.client();
    let plain_client = mock
        .client_builder()
        .http_client(
            reqwest::Client::builder()
                .no_gzip()
                .build()
                .expect("client"),
        )
        .build()
        .expect("client");
    let call = |client: &plain_sdk::PlainClient| {
        runtime
            .block_on(client.get_threads_with(get_threads::Variables::new().first(PAGE as i64)))
            .expect("a page")
    };
    for (name, client) in [("uncompressed", &plain_client), ("gzip", &gzip_client)] {
        let before = mock.response_bytes();
        assert_eq!(call(client).edges.len(), PAGE);
        eprintln!(
            "through MockPlain, {name}: {} bytes on the wire",
            mock.response_bytes() - before
        );
    }
    let mut group = c.benchmark_group("large_page_through_mock");
    group.throughput(Throughput::Elements(PAGE as u64));
    group.bench_function("uncompressed", |b| b.iter(|| call(&plain_client)));
    group.bench_function("gzip", |b| b.iter(|| call(&gzip_client)));
    group.finish();
}

criterion_group!(benches, compression, through_the_mock);
criterion_main!(benches);
