//! The fuzz targets' inputs under plain `cargo test`: every seed in
//! `fuzz/seeds/<target>/` and every crash input kept in
//! `fuzz/regressions/<target>/`, plus a short deterministic mutation loop over
//! the seeds, through the same harness the `cargo fuzz` targets run.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

use harness::{fuzz_response, fuzz_ui};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut found = Vec::new();
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() && path.file_name().is_some_and(|n| n != ".gitkeep") {
                let bytes = std::fs::read(&path).unwrap();
                found.push((path, bytes));
            }
        }
    }
    found.sort();
    found
}

fn run_all(target: &str, check: fn(&[u8])) -> usize {
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "no seeds for {target}");
    for (path, bytes) in &inputs {
        if std::panic::catch_unwind(|| check(bytes)).is_err() {
            panic!("{target}: {} fails", path.display());
        }
    }
    inputs.len()
}

#[test]
fn response_seeds_and_regressions() {
    assert!(run_all("response", fuzz_response) >= 7);
}

#[test]
fn ui_seeds_and_regressions() {
    assert!(run_all("ui", fuzz_ui) >= 3);
}

/// xorshift64*: deterministic, so a failure here reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Byte flips, insertions, deletions and splices of JSON-ish tokens.
fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    const TOKENS: [&[u8]; 12] = [
        b"null",
        b"{",
        b"}",
        b"[",
        b"]",
        b"\"",
        b",",
        b":",
        b"\\u0000",
        b"\"__typename\":\"X\"",
        b"\xff",
        b"\"errors\":[{\"message\":\"m\",\"extensions\":{\"code\":\"RATE_LIMITED\"}}]",
    ];
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(4) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = rng.next() as u8;
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            2 if !out.is_empty() => {
                let end = (at + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            _ => out.insert(at, rng.next() as u8),
        }
    }
    out
}

fn mutation_loop(target: &str, check: fn(&[u8]), rounds: usize) {
    let seeds = inputs(target);
    let mut rng = Rng(0x5eed_0ff0_22aa ^ target.len() as u64);
    for round in 0..rounds {
        let (_, seed) = &seeds[round % seeds.len()];
        let input = mutate(&mut rng, seed);
        if std::panic::catch_unwind(|| check(&input)).is_err() {
            panic!("{target}: round {round} fails on {input:?}");
        }
    }
}

#[test]
fn response_mutations() {
    mutation_loop("response", fuzz_response, 3000);
}

#[test]
fn ui_mutations() {
    mutation_loop("ui", fuzz_ui, 3000);
}
