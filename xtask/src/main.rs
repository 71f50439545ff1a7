//! `cargo xtask`: the project's tasks, one module each.
//!
//! Exit codes: 0 on success, 2 for bad arguments or scene files, 1 for failures while running.

mod atomic;
mod bench;
mod convert;
mod ffmpeg;
mod frame;
mod gifs;
mod interrupt;
mod lock;
mod manifest;
mod native;
mod progress;
mod scenes;
mod trajectories;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tasks for the gradient-descent animation project.
#[derive(Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Render every scene to a GIF in images/ (and an MP4 with ffmpeg).
    Gifs(gifs::Args),
    /// Print or write every run's trajectory as JSON.
    Trajectories(trajectories::Args),
    /// Convert animation_*.mp4 videos to GIFs with the seed's two ffmpeg steps (the .bat).
    Convert(convert::Args),
    /// Write one still of a scene at a given step as a PNG.
    Frame(frame::Args),
    /// Measure speed, size and memory, side by side in one run.
    Bench(bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Gifs(args) => gifs::run(args),
        Task::Trajectories(args) => trajectories::run(args),
        Task::Frame(args) => frame::run(args),
        Task::Convert(args) => convert::run(args),
        Task::Bench(args) => bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", one_line(&err));
            ExitCode::from(exit_code(&err))
        }
    }
}

/// An error caused by what the user asked for (arguments, scene files): exit code 2.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|e| e.is::<interrupt::Interrupted>()) {
        return 130;
    }
    let bad_input = err
        .chain()
        .any(|e| e.is::<BadInput>() || e.is::<scene::SceneError>());
    if bad_input { 2 } else { 1 }
}

/// The error and its causes on one line, outermost first.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string().replace('\n', " ");
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

/// The workspace root, found from this crate's manifest directory.
pub fn project_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
