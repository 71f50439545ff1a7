//! `cargo xtask trajectories`: every run's trajectory as JSON.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::scenes;

/// Arguments of `cargo xtask trajectories`.
#[derive(clap::Args)]
pub struct Args {
    /// A scene file to run (repeatable); all of scenes/ when omitted.
    #[arg(long = "scene", value_name = "FILE")]
    scenes: Vec<PathBuf>,
    /// Write the JSON to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Runs the task.
pub fn run(args: Args) -> Result<()> {
    if let Some(out) = &args.out {
        crate::atomic::check_file_target(out, "--out")?;
    }
    let simulations = scenes::load(&args.scenes)?
        .iter()
        .map(|(_, s)| scene::simulate(s))
        .collect::<Result<Vec<_>, _>>()?;
    match &args.out {
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            scene::export(&simulations, &mut lock)
                .and_then(|()| lock.flush())
                .context("cannot write to standard output")
        }
        Some(path) => {
            let json = scene::export_to_string(&simulations);
            crate::atomic::write(path, json.as_bytes())
        }
    }
}
