//! `cargo xtask trajectories` as a user runs it.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::path::PathBuf;
use std::process::Command;

fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-traj-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn prints_every_builtin_scene_as_json() {
    let out = xtask().arg("trajectories").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let titles: Vec<_> = json["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "Narrow Valley",
            "Peaks and Valleys",
            "Saddle Point",
            "Smooth Valley"
        ]
    );
}

#[test]
fn writes_a_chosen_scene_to_a_file() {
    let dir = scratch("out");
    let out_file = dir.join("nested/traj.json");
    let scene = concat!(env!("CARGO_MANIFEST_DIR"), "/../scenes/saddle-point.toml");
    let out = xtask()
        .args(["trajectories", "--scene", scene, "--out"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(json["scenes"].as_array().unwrap().len(), 1);
    assert_eq!(json["scenes"][0]["title"], "Saddle Point");
    let leftovers: Vec<_> = std::fs::read_dir(out_file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["traj.json"], "temporary files left behind");
}

#[test]
fn a_bad_scene_exits_2_with_one_line_and_writes_nothing() {
    let dir = scratch("bad");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "title = \"X\"\nsurface = \"nope\"\nstart = [0, 0]\nsteps = 1\n[[runs]]\noptimizer = \"sgd\"\nlearning_rate = 0.1\n").unwrap();
    let out_file = dir.join("traj.json");
    std::fs::write(&out_file, "previous").unwrap();
    let out = xtask()
        .args(["trajectories", "--scene"])
        .arg(&bad)
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("bad.toml:2:11: unknown surface `nope`"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "previous");
}
