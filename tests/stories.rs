//! Each README scene tells the story its file promises, over the whole animation.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use integration_tests::{README_SCENES, distance, simulate_builtin};
use optim_core::OptimizerKind;
use scene::{RunResult, Simulation};

fn run(sim: &Simulation, kind: OptimizerKind) -> &RunResult {
    sim.runs
        .iter()
        .find(|r| r.config.kind() == kind)
        .unwrap_or_else(|| panic!("{} has no {kind} run", sim.scene.title))
}

/// The first step at which the run is within `radius` of `target` and stays there.
fn settles_at(r: &RunResult, target: [f64; 2], radius: f64) -> Option<usize> {
    let pts: Vec<&[f64]> = r.trajectory.points().collect();
    let last_outside = pts.iter().rposition(|p| distance(p, target) >= radius);
    match last_outside {
        None => Some(0),
        Some(i) if i + 1 < pts.len() => Some(i + 1),
        Some(_) => None,
    }
}

#[test]
fn readme_scenes_race_the_four_optimizers_and_stay_in_their_domain() {
    for file in README_SCENES {
        let sim = simulate_builtin(file);
        let kinds: Vec<_> = sim.runs.iter().map(|r| r.config.kind()).collect();
        assert_eq!(kinds, OptimizerKind::ALL, "{file}");
        let d = sim.scene.domain;
        for r in &sim.runs {
            assert_eq!(r.trajectory.status().diverged_at(), None, "{file}");
            assert_eq!(r.trajectory.len(), sim.scene.steps + 1, "{file}");
            for p in r.trajectory.points() {
                assert!(
                    d.contains(p[0], p[1]),
                    "{file}: {} leaves the domain at {p:?}",
                    r.config.kind()
                );
            }
        }
    }
}

#[test]
fn smooth_valley_all_reach_the_minimum_at_visibly_different_speeds() {
    let sim = simulate_builtin("smooth-valley.toml");
    let mut arrivals: Vec<(usize, OptimizerKind)> = sim
        .runs
        .iter()
        .map(|r| {
            let at = settles_at(r, [0.0, 0.0], 0.1)
                .unwrap_or_else(|| panic!("{} does not end within 0.1 of (0, 0)", r.config.kind()));
            (at, r.config.kind())
        })
        .collect();
    arrivals.sort();
    // Consecutive arrivals are at least 10 steps (a third of a second at the default pace) apart.
    for pair in arrivals.windows(2) {
        assert!(pair[1].0 >= pair[0].0 + 10, "too close: {arrivals:?}");
    }
}

#[test]
fn narrow_valley_sgd_crawls_while_the_adaptive_methods_travel() {
    let sim = simulate_builtin("narrow-valley.toml");
    let minimum = [1.0, 1.0];
    let end = |k| distance(run(&sim, k).trajectory.last_point(), minimum);
    let sgd = end(OptimizerKind::Sgd);
    for k in [
        OptimizerKind::Adagrad,
        OptimizerKind::Rmsprop,
        OptimizerKind::Adam,
    ] {
        assert!(
            end(k) < sgd - 0.3,
            "{k} ends {} from (1, 1), SGD {sgd}",
            end(k)
        );
    }
    // SGD stays on the valley floor (|y − x²| small) for most of its run, yet ends far away.
    let t = &run(&sim, OptimizerKind::Sgd).trajectory;
    let on_floor = t
        .points()
        .filter(|p| (p[1] - p[0] * p[0]).abs() < 0.05)
        .count();
    assert!(
        on_floor * 10 >= t.len() * 9,
        "only {on_floor} of {} points on the floor",
        t.len()
    );
    assert!(sgd > 0.5, "SGD ends {sgd} from (1, 1)");
    let best = OptimizerKind::ALL
        .into_iter()
        .map(end)
        .fold(f64::INFINITY, f64::min);
    assert!(best < 0.15, "closest run ends {best} from (1, 1)");
}

#[test]
fn saddle_point_sgd_lingers_at_the_saddle_and_all_end_in_a_minimum() {
    let sim = simulate_builtin("saddle-point.toml");
    assert!(
        sim.scene.start[1].abs() <= 1e-3,
        "start {:?}",
        sim.scene.start
    );
    let near_saddle = |k| {
        run(&sim, k)
            .trajectory
            .points()
            .filter(|p| distance(p, [0.0, 0.0]) < 0.5)
            .count()
    };
    let sgd = near_saddle(OptimizerKind::Sgd);
    for k in [
        OptimizerKind::Adagrad,
        OptimizerKind::Rmsprop,
        OptimizerKind::Adam,
    ] {
        assert!(
            sgd >= near_saddle(k) + 20,
            "SGD {sgd} steps near the saddle, {k} {}",
            near_saddle(k)
        );
    }
    let root2 = std::f64::consts::SQRT_2;
    for r in &sim.runs {
        let end = r.trajectory.last_point();
        let to_minimum = distance(end, [0.0, root2]).min(distance(end, [0.0, -root2]));
        assert!(to_minimum < 0.05, "{} ends at {end:?}", r.config.kind());
    }
}

#[test]
fn peaks_and_valleys_runs_end_in_at_least_two_basins() {
    let sim = simulate_builtin("peaks-and-valleys.toml");
    let minima: Vec<[f64; 2]> = sim
        .scene
        .surface
        .critical_points()
        .iter()
        .filter(|p| p.kind.is_minimum())
        .map(|p| [p.x, p.y])
        .collect();
    let mut basins: Vec<usize> = sim
        .runs
        .iter()
        .map(|r| {
            let end = r.trajectory.last_point();
            let (i, d) = minima
                .iter()
                .map(|&m| distance(end, m))
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            assert!(
                d < 0.05,
                "{} ends at {end:?}, not in a minimum",
                r.config.kind()
            );
            i
        })
        .collect();
    basins.sort();
    basins.dedup();
    assert!(basins.len() >= 2, "all runs end in the same basin");
}
