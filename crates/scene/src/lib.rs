//! Scenes: what to show. A scene names a surface, a start point, a number of steps, the
//! optimizers to race and how to film them.
//!
//! [`Scene::load`] reads and validates a TOML scene file, reporting any problem as one line
//! with the file, line and column; [`simulate`] runs every optimizer; [`export`] writes the
//! trajectories as JSON. The built-in README scenes go through exactly the same path as a
//! user's own file.

mod export;
mod load;
mod model;
mod simulate;

pub use export::{export, export_to_string};
pub use load::{MAX_FILE_BYTES, RUN_FIELDS, SCENE_FIELDS, SceneError};
pub use model::{LIMITS, Limits, Scene, Video};
pub use simulate::{RunFailure, RunResult, SimulateError, Simulation, simulate};
