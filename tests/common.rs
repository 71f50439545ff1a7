//! Helpers shared by the workspace's integration tests.

use std::path::{Path, PathBuf};

use scene::{Scene, Simulation};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The README's four scene files, in the README's order.
pub const README_SCENES: [&str; 4] = [
    "smooth-valley.toml",
    "narrow-valley.toml",
    "saddle-point.toml",
    "peaks-and-valleys.toml",
];

/// A scene whose SGD diverges: η = 0.01 on Rosenbrock from (−1.2, 1), where the curvature
/// across the valley (about 1330) makes every step overshoot more, until it leaves ten times
/// the domain. Adam, the second run, converges.
pub const TOO_FAST: &str = r#"
title = "Too Fast"
surface = "narrow-valley"
start = [-1.2, 1.0]
steps = 120
frames = 60

[[runs]]
optimizer = "sgd"
learning_rate = 0.01

[[runs]]
optimizer = "adam"
learning_rate = 0.02
"#;

/// Path of the built-in scene file `name` (e.g. `saddle-point.toml`).
pub fn scene_path(name: &str) -> PathBuf {
    root().join("scenes").join(name)
}

/// Loads and simulates the built-in scene file `name`, panicking with the error if it fails.
pub fn simulate_builtin(name: &str) -> Simulation {
    let scene = Scene::load(&scene_path(name)).unwrap_or_else(|e| panic!("{e}"));
    scene::simulate(&scene).unwrap_or_else(|e| panic!("{e}"))
}

/// A number with nine decimals, `-0.000000000` written as `0.000000000`.
pub fn fixed(v: f64) -> String {
    let s = format!("{v:.9}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_owned()
    } else {
        s
    }
}

/// Euclidean distance between two points.
pub fn distance(a: &[f64], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_normalises_negative_zero() {
        assert_eq!(fixed(-0.0), "0.000000000");
        assert_eq!(fixed(-1e-12), "0.000000000");
        assert_eq!(fixed(-1.5), "-1.500000000");
        assert_eq!(fixed(2.0 / 3.0), "0.666666667");
    }
}
