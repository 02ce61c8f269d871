//! `plain-opgen check`, offline: `MockPlain` serves the schema the crate was
//! built from (as SDL beside its endpoint, and to introspection), and the
//! check compares it with another schema, as a deploy step compares Plain's
//! live schema with the one a service was built on.

use std::path::{Path, PathBuf};
use std::process::Command;

use plain_opgen::diff::{diff, Change, Severity};
use plain_sdk::testing::MockPlain;

fn compiled_schema() -> PathBuf {
    std::env::var_os("PLAIN_SCHEMA_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../graphql/schema.graphql")
        })
}

fn parse(text: &str, name: &str) -> apollo_compiler::validation::Valid<apollo_compiler::Schema> {
    let text = plain_sdk_codegen::sdl::prepared(text).into_owned();
    apollo_compiler::Schema::parse_and_validate(text, name)
        .unwrap_or_else(|e| panic!("{name}: {}", e.errors))
}

/// Runs `f` with a MockPlain's URL, outside the mock's runtime (the check's
/// HTTP client blocks).
fn with_mock<T: Send + 'static>(f: impl FnOnce(String) -> T + Send + 'static) -> T {
    with_mock_publishing(None, f)
}

/// [`with_mock`], the mock publishing `sdl` (when given) as its schema.
fn with_mock_publishing<T: Send + 'static>(
    sdl: Option<String>,
    f: impl FnOnce(String) -> T + Send + 'static,
) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mut builder = MockPlain::builder();
    if let Some(sdl) = sdl {
        builder = builder.published_schema(sdl);
    }
    let mock = runtime.block_on(builder.start()).expect("MockPlain starts");
    let url = mock.url().to_owned();
    let handle = std::thread::spawn(move || f(url));
    // The mock serves on this runtime while the check runs on its thread.
    runtime.block_on(async {
        while !handle.is_finished() {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    });
    drop(mock);
    handle.join().expect("the check's thread")
}

#[test]
fn the_mock_serves_its_schema_as_sdl_and_to_introspection_alike() {
    let (sdl, introspected) = with_mock(|url| {
        let fetched = plain_opgen::remote::fetch(&url, Some(MockPlain::API_KEY)).expect("SDL");
        assert!(
            fetched.source.ends_with("/graphql/v1/schema.graphql (SDL)"),
            "{}",
            fetched.source
        );
        let answer: serde_json::Value = reqwest::blocking::Client::new()
            .post(&url)
            .bearer_auth(MockPlain::API_KEY)
            .header("content-type", "application/json")
            .body(serde_json::json!({ "query": plain_opgen::introspection::QUERY }).to_string())
            .send()
            .and_then(|r| r.text())
            .map(|text| serde_json::from_str(&text).expect("JSON"))
            .expect("an introspection answer");
        (
            fetched.sdl,
            plain_opgen::introspection::to_sdl(&answer).expect("SDL from introspection"),
        )
    });
    let compiled = std::fs::read_to_string(compiled_schema()).expect("the schema");
    let compiled = parse(&compiled, "compiled.graphql");
    // The same schema, read either way: nothing differs.
    assert_eq!(
        diff(&compiled, &parse(&sdl, "sdl.graphql")),
        Vec::<Change>::new()
    );
    assert_eq!(
        diff(&compiled, &parse(&introspected, "introspected.graphql")),
        Vec::<Change>::new()
    );
}

#[test]
fn the_command_reports_the_drift_in_rust_terms_and_exits_1_on_a_break() {
    // A crate built on a derived schema that has a root field the live one
    // (the mock's) lacks: the check names the method that would break.
    let compiled = std::fs::read_to_string(compiled_schema()).expect("the schema");
    let mut older = plain_opgen::sdl_edit::Sdl::parse(&compiled).unwrap();
    older
        .add_field("Query", "sdkCheckRetired(id: ID!): String")
        .unwrap();
    let dir = std::env::temp_dir().join(format!("plain-opgen-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let older_path = dir.join("schema-2026-01-01.graphql");
    std::fs::write(&older_path, older.print()).unwrap();
    let written = dir.join("live.graphql");

    let (status, stdout, stderr) = with_mock({
        let older_path = older_path.clone();
        let written = written.clone();
        move |url| {
            let out = Command::new(env!("CARGO_BIN_EXE_plain-opgen"))
                .args(["check", "--endpoint", &url, "--write"])
                .arg(&written)
                .env("PLAIN_SCHEMA_PATH", &older_path)
                .env("PLAIN_API_KEY", MockPlain::API_KEY)
                .output()
                .expect("plain-opgen runs");
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        }
    });
    assert_eq!(status, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("(SDL)"), "{stdout}");
    assert!(
        stdout.contains("query field `Query.sdkCheckRetired` was removed"),
        "{stdout}"
    );
    let live = std::fs::read_to_string(&written).expect("--write saved the SDL");
    let changes = diff(&parse(&older.print(), "older"), &parse(&live, "live"));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].severity(), Severity::Breaking);
    assert!(
        matches!(&changes[0], Change::RootFieldRemoved { field, .. } if field == "sdkCheckRetired")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_endpoint_that_cannot_be_read_is_a_clear_error_with_exit_2() {
    // Nothing listens on port 9 of loopback (discard is never served here).
    for (endpoint, expected) in [
        ("not a url", "is not a URL"),
        (
            "http://127.0.0.1:9/graphql/v1",
            "http://127.0.0.1:9/graphql/v1/schema.graphql",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_plain-opgen"))
            .args(["check", "--endpoint", endpoint])
            .output()
            .expect("plain-opgen runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.starts_with("plain-opgen: "), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
}

/// A mock publishing a newer schema (as Plain publishes one before the crate
/// adopts it): what `scripts/schema-update --endpoint` reads.
#[test]
fn the_mock_publishes_the_schema_it_is_given() {
    let newer = "type Query { newer: String }\n".to_string();
    let expected = newer.clone();
    let fetched = with_mock_publishing(Some(newer), |url| {
        plain_opgen::remote::fetch(&url, Some(MockPlain::API_KEY)).expect("SDL")
    });
    assert_eq!(fetched.sdl, expected);
}
