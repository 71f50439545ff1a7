//! `cargo xtask bench`: measured figures, side by side in one run.
//!
//! - `frames`: time to draw one frame, per README scene, one thread.
//! - `pipeline`: the whole `cargo xtask gifs` (ffmpeg and built-in encoders) against the seed's
//!   own two ffmpeg commands converting the same four MP4s one after another; wall time, peak
//!   memory of the whole process tree, GIF sizes, and SSIM against the lossless frames.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use xshell::{Shell, cmd};

use crate::ffmpeg::{self, Stream};
use crate::{project_root, scenes};

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
    /// The whole GIF pipeline against the seed's procedure.
    Pipeline,
}

/// Runs the task.
pub fn run(args: Args) -> Result<()> {
    if matches!(args.only, Which::All | Which::Frames) {
        frames()?;
    }
    if matches!(args.only, Which::All | Which::Pipeline) {
        pipeline()?;
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
    for (_, scene) in scenes::load(&[])? {
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
        "  slowest scene: {worst:.3} ms per frame = {:.2} of the 3 ms budget\n",
        worst / 3.0
    );
    Ok(())
}

/// Wall time and peak resident memory (summed over the process and all its descendants,
/// sampled every 10 ms from /proc) of a command.
fn measured(program: &Path, args: &[OsString]) -> Result<(Duration, Option<u64>)> {
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {}", program.display()))?;
    let root = child.id();
    let mut peak: Option<u64> = None;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Some(rss) = tree_rss(root) {
            peak = Some(peak.map_or(rss, |p| p.max(rss)));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = start.elapsed();
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        bail!("{} failed: {}", program.display(), err.trim());
    }
    Ok((elapsed, peak))
}

/// Resident memory of `root` and every descendant, in bytes (Linux only).
fn tree_rss(root: u32) -> Option<u64> {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            // The command name is in parentheses and may hold spaces: split after it.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse().ok());
            if let Some(ppid) = ppid {
                parent.insert(pid, ppid);
            }
        }
    }
    let in_tree = |mut pid: u32| {
        for _ in 0..64 {
            if pid == root {
                return true;
            }
            match parent.get(&pid) {
                Some(&p) if p != 0 => pid = p,
                _ => return false,
            }
        }
        false
    };
    let mut total = 0;
    for &pid in parent.keys() {
        if in_tree(pid) {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            if let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
            {
                total += kb * 1024;
            }
        }
    }
    Some(total)
}

fn mib(bytes: Option<u64>) -> String {
    bytes.map_or("n/a".into(), |b| {
        format!("{:.0} MB", b as f64 / 1_048_576.0)
    })
}

fn os<I: IntoIterator<Item = S>, S: Into<OsString>>(args: I) -> Vec<OsString> {
    args.into_iter().map(Into::into).collect()
}

/// SSIM (ffmpeg's ssim filter, "All") of `gif` against the lossless reference `reference`.
fn ssim(gif: &Path, reference: &Path, fps: u32) -> Result<f64> {
    let sh = Shell::new()?;
    let ffmpeg = ffmpeg::program();
    let graph = format!("[0:v]fps={fps},format=rgb24[a];[1:v]fps={fps},format=rgb24[b];[a][b]ssim");
    let out = cmd!(
        sh,
        "{ffmpeg} -hide_banner -nostats -i {gif} -i {reference} -lavfi {graph} -f null -"
    )
    .quiet()
    .ignore_stdout()
    .output()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let value = text
        .lines()
        .filter_map(|l| l.split("All:").nth(1))
        .filter_map(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .next_back()
        .with_context(|| format!("no SSIM in ffmpeg's output for {}", gif.display()))?;
    Ok(value)
}

/// Renders a scene losslessly (FFV1) for SSIM references.
fn lossless_reference(scene: &scene::Scene, path: &Path) -> Result<()> {
    let sim = scene::simulate(scene)?;
    let mut renderer = render::Renderer::new(&sim)?;
    let size = renderer.size();
    let mut args = ffmpeg::raw_input(size.width(), size.height(), renderer.fps());
    args.extend(os(["-c:v", "ffv1"]));
    args.push(path.as_os_str().to_owned());
    let mut stream = Stream::spawn("lossless reference", &args)?;
    let mut rgb = Vec::new();
    for f in 0..renderer.timeline().len() {
        renderer.render_frame(f, &mut rgb)?;
        stream.write(&rgb)?;
    }
    stream.finish()
}

/// The seed's two steps for one MP4, exactly as its `.bat` runs them.
fn seed_convert(sh: &Shell, mp4: &Path, palette: &Path, gif: &Path) -> Result<()> {
    let ffmpeg = ffmpeg::program();
    cmd!(
        sh,
        "{ffmpeg} -hide_banner -loglevel error -i {mp4} -vf fps=30,scale=800:-1:flags=lanczos,palettegen -y {palette}"
    )
    .quiet()
    .run()?;
    cmd!(
        sh,
        "{ffmpeg} -hide_banner -loglevel error -i {mp4} -i {palette} -lavfi fps=30,scale=800:-1:flags=lanczos[x];[x][1:v]paletteuse -y {gif}"
    )
    .quiet()
    .run()?;
    Ok(())
}

fn size_of(p: &Path) -> u64 {
    std::fs::metadata(p).map_or(0, |m| m.len())
}

/// The pipeline against the seed's procedure, side by side.
fn pipeline() -> Result<()> {
    if ffmpeg::version().is_none() {
        bail!(
            "the pipeline benchmark needs ffmpeg: {}",
            ffmpeg::INSTALL_HINT
        );
    }
    let dir = project_root().join("target").join("bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).context("cannot create target/bench")?;
    let exe = std::env::current_exe().context("cannot find this program")?;
    let (ff_out, videos, native_out, seed_out) = (
        dir.join("ffmpeg"),
        dir.join("videos"),
        dir.join("native"),
        dir.join("seed"),
    );
    std::fs::create_dir_all(&seed_out)?;

    println!(
        "pipeline (four README scenes, this machine: {} CPUs)",
        num_cpus()
    );
    let (ff_time, ff_mem) = measured(
        &exe,
        &os([
            OsString::from("gifs"),
            "--out".into(),
            ff_out.clone().into(),
            "--videos".into(),
            videos.clone().into(),
            "--encoder".into(),
            "ffmpeg".into(),
        ]),
    )?;
    let (native_time, native_mem) = measured(
        &exe,
        &os([
            OsString::from("gifs"),
            "--out".into(),
            native_out.clone().into(),
            "--encoder".into(),
            "native".into(),
        ]),
    )?;

    // The seed's .bat: for each MP4, palettegen then paletteuse, one after another.
    let sh = Shell::new()?;
    let loaded: Vec<scene::Scene> = scenes::load(&[])?.into_iter().map(|(_, s)| s).collect();
    let seed_start = Instant::now();
    for scene in &loaded {
        let mp4 = videos.join(scene.mp4_name());
        let palette = seed_out.join(format!("palette_{}.png", scene.video_stem()));
        seed_convert(&sh, &mp4, &palette, &seed_out.join(scene.gif_name()))?;
    }
    let seed_time = seed_start.elapsed();

    println!(
        "  {:<44} {:>8} {:>9} {:>11}",
        "run", "time s", "peak mem", "vs seed"
    );
    let row = |what: &str, t: Duration, mem: Option<u64>| {
        println!(
            "  {:<44} {:>8.1} {:>9} {:>10.2}x",
            what,
            t.as_secs_f64(),
            mib(mem),
            t.as_secs_f64() / seed_time.as_secs_f64()
        );
    };
    row(
        "seed: two ffmpeg commands per MP4 (GIF only)",
        seed_time,
        None,
    );
    row(
        "cargo xtask gifs --encoder ffmpeg (MP4+GIF)",
        ff_time,
        ff_mem,
    );
    row(
        "cargo xtask gifs --encoder native (GIF)",
        native_time,
        native_mem,
    );
    println!(
        "  built-in encoder time / ffmpeg pipeline time: {:.2}",
        native_time.as_secs_f64() / ff_time.as_secs_f64()
    );

    println!(
        "\n  {:<20} {:>9} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "GIF", "seed KB", "ffmpeg KB", "native KB", "nat/ff", "SSIM ff", "SSIM nat", "SSIM seed"
    );
    for scene in &loaded {
        let reference = dir.join(format!("{}.mkv", scene.video_stem()));
        lossless_reference(scene, &reference)?;
        let name = scene.gif_name();
        let (seed, ff, nat) = (
            seed_out.join(&name),
            ff_out.join(&name),
            native_out.join(&name),
        );
        let fps = scene.video.fps;
        println!(
            "  {:<20} {:>9.0} {:>9.0} {:>9.0} {:>8.2} {:>8.4} {:>8.4} {:>8.4}",
            name,
            size_of(&seed) as f64 / 1024.0,
            size_of(&ff) as f64 / 1024.0,
            size_of(&nat) as f64 / 1024.0,
            size_of(&nat) as f64 / size_of(&ff).max(1) as f64,
            ssim(&ff, &reference, fps)?,
            ssim(&nat, &reference, fps)?,
            ssim(&seed, &reference, fps)?,
        );
    }
    println!("  (outputs kept in {})", relative(&dir));
    Ok(())
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn relative(p: &Path) -> String {
    let root = project_root();
    p.strip_prefix(&root)
        .map_or_else(|_| p.display().to_string(), |r| r.display().to_string())
}
