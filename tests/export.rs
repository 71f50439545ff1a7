//! The trajectory export: its shape, its values, and exact round-tripping of every float.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use integration_tests::{README_SCENES, TOO_FAST, simulate_builtin};
use scene::{Scene, Simulation};
use serde_json::Value;

fn builtins() -> Vec<Simulation> {
    README_SCENES.into_iter().map(simulate_builtin).collect()
}

fn as_f64(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

#[test]
fn export_has_the_documented_shape_and_exact_values() {
    let sims = builtins();
    let text = scene::export_to_string(&sims);
    assert!(text.ends_with('\n') && !text.trim_end().contains('\n'));
    let json: Value = serde_json::from_str(&text).unwrap();
    let scenes = json["scenes"].as_array().unwrap();
    assert_eq!(scenes.len(), sims.len());
    for (out, sim) in scenes.iter().zip(&sims) {
        let keys: Vec<_> = out.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys.len(), 5, "{keys:?}");
        assert_eq!(out["title"], sim.scene.title.as_str());
        assert_eq!(out["surface"], sim.scene.surface.name());
        assert_eq!(out["steps"], sim.scene.steps);
        assert_eq!(
            as_f64(&out["start"][0]).to_bits(),
            sim.scene.start[0].to_bits()
        );
        assert_eq!(
            as_f64(&out["start"][1]).to_bits(),
            sim.scene.start[1].to_bits()
        );
        let runs = out["runs"].as_array().unwrap();
        assert_eq!(runs.len(), sim.runs.len());
        for (r, run) in runs.iter().zip(&sim.runs) {
            assert_eq!(r["optimizer"], run.config.kind().name());
            let hp = r["hyperparameters"].as_object().unwrap();
            assert_eq!(hp.len(), run.config.hyperparameters().len());
            for (k, v) in run.config.hyperparameters() {
                assert_eq!(as_f64(&hp[k]).to_bits(), v.to_bits(), "{k}");
            }
            assert_eq!(r["status"], run.trajectory.status().name());
            assert!(r["diverged_at"].is_null());
            let points = r["points"].as_array().unwrap();
            assert_eq!(points.len(), sim.scene.steps + 1);
            for (i, p) in points.iter().enumerate() {
                let want = run.trajectory.point(i).unwrap();
                let loss = run.trajectory.loss(i).unwrap();
                assert_eq!(as_f64(&p[0]).to_bits(), want[0].to_bits(), "point {i}");
                assert_eq!(as_f64(&p[1]).to_bits(), want[1].to_bits(), "point {i}");
                assert_eq!(as_f64(&p[2]).to_bits(), loss.to_bits(), "loss {i}");
            }
            // The first point is the start with the surface's value there.
            let s = sim.scene.start;
            assert_eq!(as_f64(&points[0][2]), sim.scene.surface.value(s[0], s[1]));
        }
    }
}

#[test]
fn hyperparameters_are_written_learning_rate_first_with_defaults() {
    let text = scene::export_to_string(&builtins());
    assert!(text.contains(
        r#""optimizer":"adam","hyperparameters":{"learning_rate":0.1,"beta1":0.9,"beta2":0.999,"epsilon":1e-8}"#
    ), "{}", &text[..400]);
    assert!(text.contains(r#""optimizer":"sgd","hyperparameters":{"learning_rate":0.1},"#));
    assert!(text.contains(r#""hyperparameters":{"learning_rate":0.02,"beta":0.9,"epsilon":1e-8}"#));
}

#[test]
fn a_diverging_run_is_exported_up_to_its_last_finite_point() {
    let scene = Scene::from_toml(TOO_FAST, "too-fast.toml").unwrap();
    let sim = scene::simulate(&scene).unwrap();
    let json: Value = serde_json::from_str(&scene::export_to_string(&[sim])).unwrap();
    let sgd = &json["scenes"][0]["runs"][0];
    assert_eq!(sgd["status"], "diverged");
    let k = sgd["diverged_at"].as_u64().unwrap() as usize;
    assert!((1..=120).contains(&k), "{k}");
    assert_eq!(sgd["points"].as_array().unwrap().len(), k);
    let region = scene.escape_region();
    for p in sgd["points"].as_array().unwrap() {
        let (x, y, l) = (as_f64(&p[0]), as_f64(&p[1]), as_f64(&p[2]));
        assert!(x.is_finite() && y.is_finite() && l.is_finite());
        assert!(region.contains(x, y));
    }
    let adam = &json["scenes"][0]["runs"][1];
    assert!(adam["diverged_at"].is_null());
    assert_eq!(adam["points"].as_array().unwrap().len(), 121);
}
