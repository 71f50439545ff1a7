//! Trajectories as JSON: every scene, every run, every point with its loss.
//!
//! ```json
//! {"scenes": [{"title": "Saddle Point", "surface": "saddle-point", "start": [-2.0, 0.001],
//!   "steps": 300, "runs": [{"optimizer": "adam",
//!   "hyperparameters": {"learning_rate": 0.05, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
//!   "status": "converged", "diverged_at": null, "points": [[x0, y0, loss0], ...]}]}]}
//! ```
//! Floats are written in their shortest form that parses back to the same `f64`.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::{RunResult, Simulation};

#[derive(Serialize)]
struct Export<'a> {
    scenes: Vec<SceneOut<'a>>,
}

#[derive(Serialize)]
struct SceneOut<'a> {
    title: &'a str,
    surface: &'static str,
    start: [f64; 2],
    steps: usize,
    runs: Vec<RunOut<'a>>,
}

#[derive(Serialize)]
struct RunOut<'a> {
    optimizer: &'static str,
    hyperparameters: Hyperparameters,
    status: &'static str,
    diverged_at: Option<usize>,
    points: Points<'a>,
}

/// Hyperparameters in the optimizer's own order, learning rate first.
struct Hyperparameters(Vec<(&'static str, f64)>);

impl Serialize for Hyperparameters {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// `[[x, y, loss], ...]` without copying the trajectory.
struct Points<'a>(&'a RunResult);

impl Serialize for Points<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let t = &self.0.trajectory;
        serializer.collect_seq(
            t.points()
                .zip(t.losses())
                .map(|(p, &loss)| [p[0], p[1], loss]),
        )
    }
}

fn build(simulations: &[Simulation]) -> Export<'_> {
    Export {
        scenes: simulations
            .iter()
            .map(|sim| SceneOut {
                title: &sim.scene.title,
                surface: sim.scene.surface.name(),
                start: sim.scene.start,
                steps: sim.scene.steps,
                runs: sim
                    .runs
                    .iter()
                    .map(|run| RunOut {
                        optimizer: run.config.kind().name(),
                        hyperparameters: Hyperparameters(run.config.hyperparameters()),
                        status: run.trajectory.status().name(),
                        diverged_at: run.trajectory.status().diverged_at(),
                        points: Points(run),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Writes the trajectories of `simulations` as one line of JSON followed by a newline.
pub fn export<W: std::io::Write>(simulations: &[Simulation], mut out: W) -> std::io::Result<()> {
    serde_json::to_writer(&mut out, &build(simulations)).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// The trajectories of `simulations` as JSON text, ending with a newline.
pub fn export_to_string(simulations: &[Simulation]) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and serde_json only writes UTF-8.
    let _ = export(simulations, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
