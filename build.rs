//! Compiles Plain's schema and the operation documents in `graphql/` into
//! Rust: the generator lives in `codegen/` (crate `plain-sdk-codegen`), with
//! its own tests; this only runs it.
//!
//! A problem with the input (no schema, a schema or document that does not
//! parse or validate) is one message and exit status 2; so is a panic inside
//! the generator, which is reported as a bug rather than a backtrace.

fn main() {
    let outcome = std::panic::catch_unwind(plain_sdk_codegen::build_script::run);
    let message = match outcome {
        Ok(Ok(())) => return,
        Ok(Err(message)) => message,
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            format!(
                "the code generator failed on this schema or these documents: {what}\n\
                 This is a bug of plain-sdk's generator: please report it with the schema's date."
            )
        }
    };
    eprintln!("\nplain-sdk build failed:\n{message}\n");
    std::process::exit(2);
}
