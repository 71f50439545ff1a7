//! `cargo xtask bench`: measured figures, side by side in one run.

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::scenes;

/// Arguments of `cargo xtask bench`.
#[derive(clap::Args)]
pub struct Args {
    /// Which benchmarks to run.
    #[arg(long, value_enum, default_value = "all")]
    only: Which,
}

/// A group of benchmarks.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Which {
    /// Everything.
    All,
    /// Rendering one frame.
    Frames,
}

/// Runs the task.
pub fn run(args: Args) -> Result<()> {
    if matches!(args.only, Which::All | Which::Frames) {
        frames()?;
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Time to draw the static layer once and each frame on top of it, per scene, one thread.
fn frames() -> Result<()> {
    println!("frames (one thread, every frame of each README scene, best of 3 passes)");
    println!(
        "  {:<20} {:>9} {:>7} {:>10} {:>10}",
        "scene", "size", "frames", "static ms", "ms/frame"
    );
    let mut worst: f64 = 0.0;
    for scene in scenes::load(&[])? {
        let sim = scene::simulate(&scene)?;
        let t = Instant::now();
        let mut renderer = render::Renderer::new(&sim)?;
        let static_ms = ms(t.elapsed());
        let n = renderer.timeline().len();
        let mut out = Vec::new();
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let t = Instant::now();
            for f in 0..n {
                renderer.render_frame(f, &mut out)?;
            }
            best = best.min(ms(t.elapsed()) / n as f64);
        }
        worst = worst.max(best);
        let size = renderer.size();
        println!(
            "  {:<20} {:>9} {:>7} {:>10.1} {:>10.3}",
            scene.title,
            format!("{}x{}", size.width(), size.height()),
            n,
            static_ms,
            best
        );
    }
    println!(
        "  slowest scene: {worst:.3} ms per frame = {:.2} of the 3 ms budget",
        worst / 3.0
    );
    Ok(())
}
