//! Every command meets bad scene files and bad arguments with exit code 2 and one line naming
//! the file (and line and column where there is one), and writes nothing.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

const GOOD: &str = r#"title = "Bad Input"
surface = "smooth-valley"
start = [-4.0, 2.0]
steps = 30
frames = 10
fps = 10
width = 320
height = 240

[[runs]]
optimizer = "sgd"
learning_rate = 0.1
"#;

/// Runs the three scene-taking commands on `scene`, each writing into `dir/out-*`.
fn all_commands(dir: &Path, scene: &Path) -> Vec<(&'static str, Output)> {
    let gifs = native_gifs(scene, &dir.join("out-gifs"), &[]);
    let traj = xtask()
        .args(["trajectories", "--scene"])
        .arg(scene)
        .arg("--out")
        .arg(dir.join("out-traj/t.json"))
        .output()
        .unwrap();
    let frame = xtask()
        .args(["frame", "--step", "1", "--scene"])
        .arg(scene)
        .arg("--out")
        .arg(dir.join("out-frame/f.png"))
        .output()
        .unwrap();
    vec![("gifs", gifs), ("trajectories", traj), ("frame", frame)]
}

fn expect_rejected(dir: &Path, scene: &Path, located: bool, needles: &[&str]) {
    for (cmd, out) in all_commands(dir, scene) {
        assert_code(&out, 2);
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{cmd}: not one line: {err}");
        let shown = scene.display().to_string();
        assert!(err.starts_with(&format!("error: {shown}")), "{cmd}: {err}");
        if located {
            let rest = &err[format!("error: {shown}").len()..];
            let mut parts = rest.splitn(4, ':');
            assert_eq!(parts.next(), Some(""), "{cmd}: {err}");
            assert!(
                parts.next().unwrap().parse::<usize>().is_ok(),
                "{cmd}: no line in {err}"
            );
            assert!(
                parts.next().unwrap().parse::<usize>().is_ok(),
                "{cmd}: no column in {err}"
            );
        }
        for n in needles {
            assert!(err.contains(n), "{cmd}: {err} lacks {n:?}");
        }
        assert!(!err.contains("panicked"), "{cmd}: {err}");
    }
    for sub in ["out-gifs", "out-traj", "out-frame"] {
        let d = dir.join(sub);
        let files: Vec<PathBuf> = std::fs::read_dir(&d)
            .map(|rd| rd.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        let written: Vec<_> = files
            .iter()
            .filter(|p| !p.ends_with(".optim-anim.lock"))
            .collect();
        assert!(written.is_empty(), "{sub}: {written:?}");
    }
}

fn variant(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn bad_scene_files_exit_2_with_one_located_line() {
    let dir = scratch("bad-scenes");
    let cases: Vec<(&str, String, &[&str])> = vec![
        (
            "malformed.toml",
            GOOD.replace("steps = 30", "steps = = 30"),
            &["steps"],
        ),
        (
            "unknown-field.toml",
            GOOD.replace("fps = 10", "fps = 10\ncolour = 3"),
            &["unknown field `colour`", "expected one of"],
        ),
        (
            "missing-field.toml",
            GOOD.replace("steps = 30\n", ""),
            &["missing field `steps`"],
        ),
        (
            "wrong-type.toml",
            GOOD.replace("steps = 30", "steps = \"30\""),
            &["`steps`", "whole number"],
        ),
        (
            "surface.toml",
            GOOD.replace("smooth-valley", "rosenbrock"),
            &["unknown surface", "narrow-valley"],
        ),
        (
            "optimizer.toml",
            GOOD.replace("\"sgd\"", "\"momentum\""),
            &["unknown optimizer", "adagrad"],
        ),
        (
            "lr-nan.toml",
            GOOD.replace("learning_rate = 0.1", "learning_rate = nan"),
            &["learning_rate = nan"],
        ),
        (
            "lr-inf.toml",
            GOOD.replace("learning_rate = 0.1", "learning_rate = inf"),
            &["learning_rate = inf"],
        ),
        (
            "lr-negative.toml",
            GOOD.replace("learning_rate = 0.1", "learning_rate = -0.1"),
            &["greater than 0"],
        ),
        (
            "lr-zero.toml",
            GOOD.replace("learning_rate = 0.1", "learning_rate = 0"),
            &["greater than 0"],
        ),
        (
            "beta.toml",
            GOOD.replace("\"sgd\"", "\"rmsprop\"") + "beta = 1.0\n",
            &["beta = 1.0", "[0, 1)"],
        ),
        (
            "beta2.toml",
            GOOD.replace("\"sgd\"", "\"adam\"") + "beta2 = -0.5\n",
            &["beta2"],
        ),
        (
            "epsilon.toml",
            GOOD.replace("\"sgd\"", "\"adam\"") + "epsilon = -1e-8\n",
            &["epsilon"],
        ),
        (
            "epsilon-nan.toml",
            GOOD.replace("\"sgd\"", "\"adagrad\"") + "epsilon = nan\n",
            &["epsilon"],
        ),
        (
            "steps-zero.toml",
            GOOD.replace("steps = 30", "steps = 0"),
            &["steps = 0", "100000"],
        ),
        (
            "steps-huge.toml",
            GOOD.replace("steps = 30", "steps = 1000000"),
            &["100000"],
        ),
        (
            "frames-zero.toml",
            GOOD.replace("frames = 10", "frames = 0"),
            &["frames = 0"],
        ),
        (
            "frames-huge.toml",
            GOOD.replace("frames = 10", "frames = 99999"),
            &["frames = 99999"],
        ),
        (
            "fps-zero.toml",
            GOOD.replace("fps = 10", "fps = 0"),
            &["fps = 0"],
        ),
        (
            "fps-huge.toml",
            GOOD.replace("fps = 10", "fps = 240"),
            &["fps = 240"],
        ),
        (
            "width-odd.toml",
            GOOD.replace("width = 320", "width = 321"),
            &["even"],
        ),
        (
            "width-zero.toml",
            GOOD.replace("width = 320", "width = 0"),
            &["width = 0"],
        ),
        (
            "height-huge.toml",
            GOOD.replace("height = 240", "height = 100000"),
            &["height = 100000"],
        ),
        (
            "start-outside.toml",
            GOOD.replace("[-4.0, 2.0]", "[40.0, 2.0]"),
            &["outside the plotted domain"],
        ),
        (
            "start-nan.toml",
            GOOD.replace("[-4.0, 2.0]", "[nan, 2.0]"),
            &["finite"],
        ),
        (
            "domain.toml",
            GOOD.replace(
                "fps = 10",
                "fps = 10\ndomain = { x = [3, -3], y = [-1, 1] }",
            ),
            &["min below max"],
        ),
        (
            "title-slash.toml",
            GOOD.replace("Bad Input", "../../etc/passwd"),
            &["letter or digit"],
        ),
        (
            "title-dash.toml",
            GOOD.replace("Bad Input", "-rf"),
            &["letter or digit"],
        ),
        (
            "title-empty.toml",
            GOOD.replace("Bad Input", ""),
            &["empty"],
        ),
        (
            "title-control.toml",
            GOOD.replace("Bad Input", "a\\u0007b"),
            &["contains"],
        ),
        (
            "title-backslash.toml",
            GOOD.replace("Bad Input", "a\\\\b"),
            &["contains '\\\\'"],
        ),
    ];
    for (name, text, needles) in cases {
        let scene = variant(&dir, name, &text);
        expect_rejected(&dir, &scene, true, needles);
    }
}

#[test]
fn unreadable_scene_files_exit_2_naming_the_file() {
    let dir = scratch("unreadable-scenes");
    let empty = variant(&dir, "empty.toml", "");
    expect_rejected(&dir, &empty, false, &["empty"]);
    let latin1 = dir.join("latin1.toml");
    std::fs::write(&latin1, b"title = \"Caf\xe9\"\n").unwrap();
    expect_rejected(&dir, &latin1, true, &["not UTF-8"]);
    let big = dir.join("big.toml");
    std::fs::write(&big, format!("{GOOD}# {}\n", "x".repeat(1 << 20))).unwrap();
    expect_rejected(&dir, &big, false, &["1 MiB"]);
    expect_rejected(&dir, &dir.join("missing.toml"), false, &["no such file"]);
    let folder = dir.join("folder.toml");
    std::fs::create_dir_all(&folder).unwrap();
    expect_rejected(&dir, &folder, false, &["is a directory"]);
}

#[test]
fn bad_arguments_exit_2() {
    let dir = scratch("bad-args");
    let scene = variant(&dir, "good.toml", GOOD);
    std::fs::create_dir_all(dir.join("folder.png")).unwrap();
    let runs: Vec<(Vec<&str>, &str)> = vec![
        (vec!["gifs", "--jobs", "0"], "--jobs"),
        (vec!["gifs", "--encoder", "magic"], "--encoder"),
        (
            vec!["frame", "--step", "31", "--out", "x.png", "--scene"],
            "past the end",
        ),
        (
            vec!["frame", "--step", "3", "--out", "x.jpg", "--scene"],
            ".png",
        ),
        (
            vec!["frame", "--step", "-1", "--out", "x.png", "--scene"],
            "--step",
        ),
        (vec!["nonsense"], "nonsense"),
        (vec!["trajectories", "--out", ".", "--scene"], "is a folder"),
        (
            vec!["frame", "--step", "1", "--out", "folder.png", "--scene"],
            "is a folder",
        ),
    ];
    for (args, needle) in runs {
        let mut cmd = xtask();
        cmd.args(&args).current_dir(&dir);
        if args.last() == Some(&"--scene") {
            cmd.arg(&scene);
        }
        let out = cmd.output().unwrap();
        assert_code(&out, 2);
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
    assert!(!dir.join("x.png").exists() && !dir.join("x.jpg").exists());
}

#[test]
fn a_diverging_run_is_a_result_not_an_error() {
    let dir = scratch("diverging");
    let text = GOOD.replace("learning_rate = 0.1", "learning_rate = 1.5");
    let scene = variant(&dir, "diverging.toml", &text);
    let out = dir.join("images");
    let run = native_gifs(&scene, &out, &[]);
    assert_code(&run, 0);
    assert!(out.join("BadInput.gif").is_file());
    let traj = xtask()
        .args(["trajectories", "--scene"])
        .arg(&scene)
        .output()
        .unwrap();
    assert_code(&traj, 0);
    let json: serde_json::Value = serde_json::from_slice(&traj.stdout).unwrap();
    let run = &json["scenes"][0]["runs"][0];
    assert_eq!(run["status"], "diverged");
    assert!(run["diverged_at"].as_u64().unwrap() >= 1);
}
