//! `scripts/changelog-release`, which `scripts/adopt-schema` runs: the
//! release's section goes first and takes in what `[Unreleased]` held.

use std::path::Path;
use std::process::Command;

fn release(changelog: &str, section: &str) -> (i32, String) {
    // One directory per call: the tests run at once.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "plain-opgen-changelog-{}-{call}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let (log, sec) = (dir.join("CHANGELOG.md"), dir.join("section.md"));
    std::fs::write(&log, changelog).unwrap();
    std::fs::write(&sec, section).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/changelog-release");
    let status = Command::new("python3")
        .arg(script)
        .arg(&log)
        .arg(&sec)
        .status()
        .expect("python3 runs");
    (
        status.code().unwrap_or(-1),
        std::fs::read_to_string(&log).unwrap(),
    )
}

#[test]
fn the_release_takes_in_what_unreleased_held() {
    let changelog = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n\n- A thing.\n\n## [0.1.0] - 2026-01-01\n\n### Added\n\n- First.\n";
    let section = "## [0.2.0] - 2026-02-02\n\nRegenerated.\n\n### Removed\n\n- Gone.\n";
    let (code, text) = release(changelog, section);
    assert_eq!(code, 0);
    assert_eq!(
        text,
        "# Changelog\n\nIntro.\n\n## [0.2.0] - 2026-02-02\n\nRegenerated.\n\n### Removed\n\n- Gone.\n\n### Also in this release\n\n#### Added\n\n- A thing.\n\n## [0.1.0] - 2026-01-01\n\n### Added\n\n- First.\n"
    );
}

#[test]
fn without_unreleased_the_release_goes_first() {
    let changelog = "# Changelog\n\n## [0.1.0] - 2026-01-01\n\n- First.\n";
    let (code, text) = release(changelog, "## [0.1.1] - 2026-01-02\n\n- Next.\n");
    assert_eq!(code, 0);
    assert_eq!(
        text,
        "# Changelog\n\n## [0.1.1] - 2026-01-02\n\n- Next.\n\n## [0.1.0] - 2026-01-01\n\n- First.\n"
    );
}

#[test]
fn a_section_without_a_release_heading_is_refused() {
    let (code, text) = release("# Changelog\n", "no heading\n");
    assert_eq!(code, 2);
    assert_eq!(text, "# Changelog\n");
}
