//! Running every optimizer of a scene over its surface.

use optim_core::{
    Bounds, DescentOptions, HyperparameterError, OptimizerConfig, RunError, Trajectory, descend,
};

use crate::Scene;

/// One optimizer's run: its configuration and where it went.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// The optimizer and every hyperparameter it used.
    pub config: OptimizerConfig,
    /// Every point visited, with its loss, and how the run ended.
    pub trajectory: Trajectory,
}

/// A scene with the result of each of its runs, in the scene's order.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The scene that was run.
    pub scene: Scene,
    /// One result per `[[runs]]` entry.
    pub runs: Vec<RunResult>,
}

/// A run that could not start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("scene {title:?}, run {index} ({optimizer}): {source}")]
pub struct SimulateError {
    /// The scene's title.
    pub title: String,
    /// 1-based position of the run in the file.
    pub index: usize,
    /// The run's optimizer.
    pub optimizer: &'static str,
    /// What went wrong.
    pub source: RunFailure,
}

/// Why a run could not start.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunFailure {
    /// A hyperparameter is out of range (a scene built without [`Scene::load`]).
    #[error(transparent)]
    Hyperparameter(#[from] HyperparameterError),
    /// The start or the bounds are unusable.
    #[error(transparent)]
    Run(#[from] RunError),
}

/// Runs every optimizer of `scene` from its start for its number of steps.
///
/// A run that produces a non-finite point or loss, or leaves [`Scene::escape_region`], stops
/// there and is reported as diverged; that is a result, not an error.
pub fn simulate(scene: &Scene) -> Result<Simulation, SimulateError> {
    let region = scene.escape_region();
    let runs = scene
        .runs
        .iter()
        .enumerate()
        .map(|(i, config)| {
            let fail = |source: RunFailure| SimulateError {
                title: scene.title.clone(),
                index: i + 1,
                optimizer: config.kind().name(),
                source,
            };
            let bounds = Bounds::new(
                vec![region.x_min, region.y_min],
                vec![region.x_max, region.y_max],
            )
            .map_err(|e| fail(e.into()))?;
            let options = DescentOptions::new(scene.steps).with_bounds(bounds);
            let mut optimizer = config.build().map_err(|e| fail(e.into()))?;
            let surface = scene.surface;
            let trajectory = descend(optimizer.as_mut(), &scene.start, &options, |w, g| {
                let (value, gradient) = surface.value_and_gradient(w[0], w[1]);
                g.copy_from_slice(&gradient);
                value
            })
            .map_err(|e| fail(e.into()))?;
            Ok(RunResult {
                config: *config,
                trajectory,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Simulation {
        scene: scene.clone(),
        runs,
    })
}
