//! Compiles Plain's schema and the operation documents in `graphql/` into
//! Rust: the generator lives in `codegen/` (crate `plain-sdk-codegen`), with
//! its own tests; this only runs it.

fn main() {
    if let Err(message) = plain_sdk_codegen::build_script::run() {
        eprintln!("\nplain-sdk build failed:\n{message}\n");
        std::process::exit(1);
    }
}
