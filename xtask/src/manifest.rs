//! `images/manifest.json`: what each GIF was made from, so `cargo xtask gifs --check` can tell
//! stale or missing images without rendering.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use scene::Simulation;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's file name inside the output folder.
pub const FILE_NAME: &str = "manifest.json";

/// Bumped whenever the way frames become a GIF changes (filters, palette, encoder settings),
/// so every image made before counts as stale.
pub const PIPELINE_VERSION: u32 = 1;

/// One GIF's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The scene file it was made from, as given on the command line.
    pub scene: String,
    /// SHA-256 of what it was made from: see [`digest`].
    pub digest: String,
    /// SHA-256 of the GIF's bytes.
    pub sha256: String,
    /// The GIF's size in bytes.
    pub bytes: u64,
    /// `ffmpeg` or `native`.
    pub encoder: String,
}

/// Every GIF in the folder, by file name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version of this file.
    pub version: u32,
    /// Records by GIF file name.
    pub images: BTreeMap<String, Entry>,
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The digest of everything an image is made from: the scene's parsed content, every
/// trajectory (at nine significant digits, so the last bit of a libm `exp` cannot make a fresh
/// image look stale on another machine), the renderer's version and settings, and the
/// pipeline version.
pub fn digest(sim: &Simulation) -> String {
    let s = &sim.scene;
    let mut text = String::new();
    let _ = writeln!(text, "optim-anim image v{PIPELINE_VERSION}");
    let _ = writeln!(text, "render {}", render::VERSION);
    let _ = writeln!(text, "title {:?}", s.title);
    let _ = writeln!(text, "surface {}", s.surface.name());
    let d = s.domain;
    let _ = writeln!(
        text,
        "domain {:e} {:e} {:e} {:e}",
        d.x_min, d.x_max, d.y_min, d.y_max
    );
    let _ = writeln!(text, "start {:e} {:e}", s.start[0], s.start[1]);
    let _ = writeln!(text, "steps {}", s.steps);
    let v = s.video;
    let _ = writeln!(
        text,
        "video {} {} {} {}",
        v.frames, v.fps, v.width, v.height
    );
    for run in &sim.runs {
        let _ = write!(text, "run {}", run.config.kind().name());
        for (k, v) in run.config.hyperparameters() {
            let _ = write!(text, " {k}={v:e}");
        }
        let t = &run.trajectory;
        let _ = writeln!(text, " status={} n={}", t.status().name(), t.len());
        for (p, l) in t.points().zip(t.losses()) {
            let _ = writeln!(text, "{:.8e} {:.8e} {:.8e}", p[0], p[1], l);
        }
    }
    sha256_hex(text.as_bytes())
}

/// Reads the manifest in `dir`; a missing file is an empty manifest.
pub fn read(dir: &Path) -> Result<Manifest> {
    let path = dir.join(FILE_NAME);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "{} is not a valid manifest: delete it and run `cargo xtask gifs` to rebuild it",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest {
            version: 1,
            images: BTreeMap::new(),
        }),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Writes the manifest into `dir` atomically.
pub fn write(dir: &Path, manifest: &Manifest) -> Result<()> {
    let mut text = serde_json::to_string_pretty(manifest).context("cannot encode the manifest")?;
    text.push('\n');
    crate::atomic::write(&dir.join(FILE_NAME), text.as_bytes())
}

/// One problem found by [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The GIF's file name.
    pub image: String,
    /// What is wrong.
    pub why: String,
}

/// Compares each scene's digest with the manifest and each GIF with its recorded hash.
/// `all_scenes` also reports manifest entries that no scene makes any more.
pub fn check(dir: &Path, sims: &[(PathBuf, Simulation)], all_scenes: bool) -> Result<Vec<Problem>> {
    let manifest = read(dir)?;
    let mut problems = Vec::new();
    for (path, sim) in sims {
        let name = sim.scene.gif_name();
        let problem = |why: String| Problem {
            image: name.clone(),
            why,
        };
        let Some(entry) = manifest.images.get(&name) else {
            problems.push(problem(format!(
                "missing: never made from {}",
                path.display()
            )));
            continue;
        };
        if entry.digest != digest(sim) {
            problems.push(problem(format!(
                "stale: {} (its scene, trajectories or the renderer) changed since it was made",
                path.display()
            )));
            continue;
        }
        match std::fs::read(dir.join(&name)) {
            Ok(bytes) if sha256_hex(&bytes) == entry.sha256 => {}
            Ok(_) => problems.push(problem(
                "modified: the file differs from the one recorded".into(),
            )),
            Err(_) => problems.push(problem("missing: the file is not there".into())),
        }
    }
    if all_scenes {
        for name in manifest.images.keys() {
            if !sims.iter().any(|(_, s)| &s.scene.gif_name() == name) {
                problems.push(Problem {
                    image: name.clone(),
                    why: "orphaned: no scene in scenes/ makes it any more".into(),
                });
            }
        }
    }
    Ok(problems)
}
