//! The action's install step (`.github/install.sh`) against a release
//! archive built here from the binary under test, served from a file://
//! address: it installs a checked binary, and refuses a wrong checksum or
//! a missing release.

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::root;

const VERSION: &str = "v9.9.9";
const TARGET: &str = "x86_64-unknown-linux-musl";

/// A release folder as the release workflow lays it out.
#[allow(clippy::expect_used, reason = "a test fails on broken set-up")]
fn release(dir: &Path, corrupt: bool) {
    let name = format!("ieplint-{VERSION}-{TARGET}");
    let staging = dir.join("staging").join(&name);
    std::fs::create_dir_all(&staging).expect("mkdir");
    std::fs::copy(env!("CARGO_BIN_EXE_ieplint"), staging.join("ieplint")).expect("copy");
    let out = dir.join("releases").join(VERSION);
    std::fs::create_dir_all(&out).expect("mkdir");
    let archive = out.join(format!("{name}.tar.gz"));
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(dir.join("staging"))
        .arg(&name)
        .status()
        .expect("tar");
    assert!(tar.success());
    let sum = Command::new("sha256sum")
        .arg(&archive)
        .output()
        .expect("sha256sum");
    let mut line = String::from_utf8_lossy(&sum.stdout).to_string();
    if corrupt {
        line = format!("{}{}", "0".repeat(64), &line[64..]);
    }
    std::fs::write(out.join(format!("{name}.tar.gz.sha256")), line).expect("write");
}

#[allow(clippy::expect_used, reason = "a test fails on broken set-up")]
fn install(dir: &Path, version: &str) -> (Output, String) {
    let path_file = dir.join("github_path");
    std::fs::write(&path_file, "").expect("write");
    let out = Command::new("bash")
        .arg(root().join(".github/install.sh"))
        .env("IEPLINT_VERSION", version)
        .env(
            "IEPLINT_BASE_URL",
            format!("file://{}", dir.join("releases").display()),
        )
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", dir)
        .env("GITHUB_PATH", &path_file)
        .output()
        .expect("bash");
    let added = std::fs::read_to_string(&path_file).expect("read");
    (out, added.trim().to_string())
}

#[test]
fn installs_the_release_binary_after_checking_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    release(dir.path(), false);
    let (out, bin) = install(dir.path(), VERSION);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let version = Command::new(Path::new(&bin).join("ieplint"))
        .arg("--version")
        .output()
        .expect("the installed binary runs");
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("ieplint "));
}

#[test]
fn a_wrong_checksum_or_a_missing_release_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    release(dir.path(), true);
    let (out, bin) = install(dir.path(), VERSION);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("checksum mismatch"));
    assert_eq!(bin, "", "nothing was added to the PATH");
    let (out, _) = install(dir.path(), "v0.0.0-missing");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("is v0.0.0-missing a released tag?"));
}
