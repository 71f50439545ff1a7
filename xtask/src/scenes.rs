//! Finding and loading scene files.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use scene::Scene;

use crate::{BadInput, project_root};

/// The folder of built-in scenes.
pub fn default_dir() -> PathBuf {
    project_root().join("scenes")
}

/// Every `*.toml` file directly in `dir`, sorted by name.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the scenes folder {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read the scenes folder {}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(BadInput(format!(
            "no scene files (*.toml) in {}: add one or pass --scene FILE",
            dir.display()
        ))
        .into());
    }
    Ok(files)
}

/// Loads the scenes named on the command line, or every built-in scene when none is named,
/// each with the path it was read from.
pub fn load(chosen: &[PathBuf]) -> Result<Vec<(PathBuf, Scene)>> {
    let files = if chosen.is_empty() {
        list(&default_dir())?
    } else {
        chosen.to_vec()
    };
    files
        .into_iter()
        .map(|path| {
            let scene = Scene::load(&path)?;
            Ok((path, scene))
        })
        .collect()
}
