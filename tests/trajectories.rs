//! Snapshot of every run of every scene file in `scenes/`: any numerical change to an
//! optimizer, a surface or a scene shows up as a reviewable diff.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use std::fmt::Write;

use integration_tests::fixed;
use scene::Scene;

/// About ten evenly spaced steps, always including the start and the last point.
fn sampled(len: usize) -> Vec<usize> {
    let last = len - 1;
    let mut picks: Vec<usize> = (0..=10).map(|i| i * last / 10).collect();
    picks.dedup();
    picks
}

fn describe(path: &std::path::Path) -> String {
    let scene = Scene::load(path).unwrap_or_else(|e| panic!("{e}"));
    let sim = scene::simulate(&scene).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    let s = &sim.scene;
    writeln!(
        out,
        "{} on {} from ({}, {}), {} steps",
        s.title,
        s.surface.name(),
        fixed(s.start[0]),
        fixed(s.start[1]),
        s.steps
    )
    .unwrap();
    for run in &sim.runs {
        let t = &run.trajectory;
        let params: Vec<String> = run
            .config
            .hyperparameters()
            .iter()
            .map(|(k, v)| format!("{k}={v:?}"))
            .collect();
        writeln!(out).unwrap();
        writeln!(
            out,
            "{} [{}] status={} points={}",
            run.config.kind().name(),
            params.join(" "),
            t.status().name(),
            t.len()
        )
        .unwrap();
        for i in sampled(t.len()) {
            let p = t.point(i).unwrap();
            writeln!(
                out,
                "  step {i:>6}: x={:>13} y={:>13} loss={:>13}",
                fixed(p[0]),
                fixed(p[1]),
                fixed(t.loss(i).unwrap())
            )
            .unwrap();
        }
    }
    out
}

#[test]
fn every_scene_file_trajectory() {
    insta::glob!("..", "scenes/*.toml", |path| {
        insta::assert_snapshot!("trajectory", describe(path));
    });
}

#[test]
fn sampling_covers_start_and_end() {
    assert_eq!(sampled(1), vec![0]);
    assert_eq!(sampled(4), vec![0, 1, 2, 3]);
    let s = sampled(301);
    assert_eq!((s[0], *s.last().unwrap(), s.len()), (0, 300, 11));
}
