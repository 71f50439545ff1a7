//! `cargo xtask convert VIDEO_DIR OUTPUT_DIR`: the seed's `.bat`, cross-platform.
//!
//! Every `animation_<Name>.mp4` under VIDEO_DIR (nested folders included) becomes
//! `<Name without underscores>.gif` in OUTPUT_DIR through the seed's own two ffmpeg steps:
//! palettegen, then paletteuse, both at 30 fps scaled to 800 px wide with lanczos.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use walkdir::WalkDir;
use xshell::{Shell, cmd};

use crate::atomic::TempFile;
use crate::{BadInput, ffmpeg, interrupt, lock};

/// Arguments of `cargo xtask convert`.
#[derive(clap::Args)]
pub struct Args {
    /// Folder searched (with its subfolders) for animation_*.mp4 files.
    video_dir: PathBuf,
    /// Folder the GIFs are written to (created if needed).
    output_dir: PathBuf,
}

/// The seed's first step: a palette from the video.
pub const SEED_PALETTEGEN: &str = "fps=30,scale=800:-1:flags=lanczos,palettegen";
/// The seed's second step: the GIF with that palette.
pub const SEED_PALETTEUSE: &str = "fps=30,scale=800:-1:flags=lanczos[x];[x][1:v]paletteuse";

/// The GIF name for a video file name, by the seed's rule:
/// `animation_Peaks_and_Valleys.mp4` → `PeaksandValleys.gif`; `None` if it is not one.
pub fn gif_name(file_name: &str) -> Option<String> {
    let stem = file_name.strip_prefix("animation_")?;
    let dot = stem.rfind('.')?;
    if !stem[dot + 1..].eq_ignore_ascii_case("mp4") {
        return None;
    }
    let name = stem[..dot].replace('_', "");
    (!name.is_empty()).then(|| format!("{name}.gif"))
}

/// Runs one ffmpeg command, turning a failure into its last line of error output.
fn run_ffmpeg(cmd: xshell::Cmd<'_>, step: &str) -> Result<()> {
    let out = cmd.quiet().ignore_status().output()?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("no message");
    match out.status.code() {
        Some(code) => bail!("{step} failed (ffmpeg exited with code {code}): {last}"),
        None => bail!("{step} failed (ffmpeg was killed): {last}"),
    }
}

/// Runs the seed's two ffmpeg steps for one video.
fn convert_one(sh: &Shell, video: &Path, gif: &Path, palette: &Path) -> Result<()> {
    let ffmpeg = ffmpeg::program();
    // Absolute paths never begin with '-', so ffmpeg cannot read one as an option; xshell
    // passes each as a single argument, so spaces and quotes are safe.
    let video = std::path::absolute(video)?;
    let gif = std::path::absolute(gif)?;
    let palette = std::path::absolute(palette)?;
    let quiet = ["-hide_banner", "-nostdin", "-loglevel", "error"];
    run_ffmpeg(
        cmd!(
            sh,
            "{ffmpeg} {quiet...} -i {video} -vf {SEED_PALETTEGEN} -y {palette}"
        ),
        "palettegen",
    )?;
    run_ffmpeg(
        cmd!(
            sh,
            "{ffmpeg} {quiet...} -i {video} -i {palette} -lavfi {SEED_PALETTEUSE} -y {gif}"
        ),
        "paletteuse",
    )
}

/// Runs the task.
pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    if !args.video_dir.is_dir() {
        return Err(BadInput(format!(
            "{} is not a folder: give the folder that holds the animation_*.mp4 files",
            args.video_dir.display()
        ))
        .into());
    }
    if ffmpeg::version().is_none() {
        return Err(BadInput(format!(
            "convert needs ffmpeg, which was not found ({}): {}",
            ffmpeg::program().display(),
            ffmpeg::INSTALL_HINT
        ))
        .into());
    }
    let mut videos: Vec<PathBuf> = Vec::new();
    for entry in WalkDir::new(&args.video_dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.with_context(|| format!("cannot read {}", args.video_dir.display()))?;
        if entry.file_type().is_file() && gif_name(&entry.file_name().to_string_lossy()).is_some() {
            videos.push(entry.into_path());
        }
    }
    if videos.is_empty() {
        return Err(BadInput(format!(
            "no animation_*.mp4 files under {}",
            args.video_dir.display()
        ))
        .into());
    }

    interrupt::install();
    let out_lock = lock::lock(&args.output_dir, "OUTPUT_DIR")?;
    lock::remove_stale_temps(&out_lock);
    let sh = Shell::new().context("cannot start a shell for ffmpeg")?;
    let mut made: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut failed: Vec<String> = Vec::new();
    for video in &videos {
        interrupt::check()?;
        let file_name = video
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(name) = gif_name(&file_name) else {
            continue;
        };
        if let Some(first) = made.get(&name) {
            eprintln!(
                "failed: {} would overwrite {name}, already made from {}",
                video.display(),
                first.display()
            );
            failed.push(video.display().to_string());
            continue;
        }
        let target = args.output_dir.join(&name);
        eprintln!("{} -> {}", video.display(), target.display());
        let result = TempFile::beside(&target).and_then(|gif| {
            let palette = TempFile::beside(&args.output_dir.join(format!("palette_{name}.png")))?;
            convert_one(&sh, video, gif.path(), palette.path())?;
            interrupt::check()?;
            gif.commit()
        });
        match result {
            Ok(()) => {
                made.insert(name, video.clone());
            }
            Err(e) => {
                interrupt::check()?;
                eprintln!("failed: {}: {}", video.display(), crate::one_line(&e));
                failed.push(video.display().to_string());
            }
        }
    }
    println!(
        "converted {} of {} videos into {} in {:.1} s",
        made.len(),
        videos.len(),
        args.output_dir.display(),
        started.elapsed().as_secs_f64()
    );
    if !failed.is_empty() {
        bail!("{} failed: {}", failed.len(), failed.join(", "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_seed() {
        assert_eq!(
            gif_name("animation_Peaks_and_Valleys.mp4").as_deref(),
            Some("PeaksandValleys.gif")
        );
        assert_eq!(
            gif_name("animation_Smooth_Valley.MP4").as_deref(),
            Some("SmoothValley.gif")
        );
        assert_eq!(
            gif_name("animation_-dash.mp4").as_deref(),
            Some("-dash.gif")
        );
        assert_eq!(gif_name("animation_.mp4"), None);
        assert_eq!(gif_name("animation___.mp4"), None);
        assert_eq!(gif_name("Smooth_Valley.mp4"), None);
        assert_eq!(gif_name("animation_x.mkv"), None);
        assert_eq!(gif_name("animation_x"), None);
    }
}
