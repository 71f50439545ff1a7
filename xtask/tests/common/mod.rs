//! Helpers for running the xtask binary as a user would.

#![allow(dead_code)] // each test file uses its own subset

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The xtask binary, run from the workspace root.
pub fn xtask() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xtask"));
    c.current_dir(root());
    c
}

/// `xtask gifs --encoder native [extra...] --scene SCENE --out OUT`, run to completion.
pub fn native_gifs(scene: &Path, out: &Path, extra: &[&str]) -> Output {
    xtask()
        .args(["gifs", "--encoder", "native"])
        .args(extra)
        .arg("--scene")
        .arg(scene)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// `xtask gifs --encoder ENCODER --scene SCENE --out OUT --videos VIDEOS`, to run after
/// adding any environment or further scenes.
pub fn gifs_into(encoder: &str, scene: &Path, out: &Path, videos: &Path) -> Command {
    let mut c = xtask();
    c.args(["gifs", "--encoder", encoder, "--scene"])
        .arg(scene)
        .arg("--out")
        .arg(out)
        .arg("--videos")
        .arg(videos);
    c
}

/// `xtask convert VIDEOS OUT`, run to completion.
pub fn convert(videos: &Path, out: &Path) -> Output {
    xtask()
        .arg("convert")
        .arg(videos)
        .arg(out)
        .output()
        .unwrap()
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the exit code, showing standard error when it differs.
pub fn assert_code(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
}

/// The last line of standard error (the `error: ...` line).
pub fn error_line(out: &Output) -> String {
    stderr(out).lines().last().unwrap_or_default().to_owned()
}

/// A small, fast scene: 320×240, 20 animated frames at 10 fps.
pub fn small_scene(dir: &Path, title: &str, extra: &str) -> PathBuf {
    let path = dir.join(format!("{}.toml", title.replace(' ', "-")));
    let text = format!(
        r#"title = "{title}"
surface = "saddle-point"
start = [-2.0, 0.0005]
steps = 40
frames = 20
fps = 10
width = 320
height = 240
{extra}
[[runs]]
optimizer = "sgd"
learning_rate = 0.05

[[runs]]
optimizer = "adam"
learning_rate = 0.05
"#
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Every file in `dir` (not recursive, the lock file aside) with its size and a hash of its
/// bytes: equal snapshots mean byte-identical folders.
pub fn snapshot(dir: &Path) -> BTreeMap<String, (usize, u64)> {
    use std::hash::{Hash, Hasher};
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file() && e.file_name() != ".optim-anim.lock")
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            (
                e.file_name().to_string_lossy().into_owned(),
                (bytes.len(), h.finish()),
            )
        })
        .collect()
}

/// Names of temporary files (`.<name>.<pid>-<n>.tmp...`) left in `dir`.
pub fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with('.') && n.contains(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether ffmpeg can run here. Without it a test that needs it fails under CI and is
/// skipped loudly elsewhere.
pub fn require_ffmpeg(test: &str) -> bool {
    let found = Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{test}: ffmpeg is required under CI (CI is set) but was not found on PATH");
    }
    eprintln!("\n*** SKIPPED {test}: ffmpeg not found on PATH (install ffmpeg to run it) ***\n");
    false
}

/// A folder holding nothing, to use as a PATH on which no ffmpeg can be found.
pub fn empty_path(dir: &Path) -> PathBuf {
    let p = dir.join("empty-bin");
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// Writes an executable shell script (a fake ffmpeg) and returns its path.
#[cfg(unix)]
pub fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}
