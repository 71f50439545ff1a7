//! `cargo xtask gifs`: every scene to an MP4 and a GIF, in parallel, the way the seed's `.bat`
//! did by hand, but from lossless frames and without ever losing an image.
//!
//! Each output is written to a temporary file beside its target. Only when every scene has
//! succeeded are they all renamed into place and the manifest updated; an error, a killed
//! ffmpeg or Ctrl-C leaves the output folders exactly as they were.

use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use render::Renderer;
use scene::Scene;

use crate::atomic::TempFile;
use crate::ffmpeg::{self, Stream};
use crate::manifest::{self, Entry};
use crate::progress::{Progress, SceneProgress};
use crate::{BadInput, interrupt, lock, native, project_root, scenes};

/// Arguments of `cargo xtask gifs`.
#[derive(clap::Args)]
pub struct Args {
    /// A scene file to make (repeatable); all of scenes/ when omitted.
    #[arg(long = "scene", value_name = "FILE")]
    scenes: Vec<PathBuf>,
    /// Folder for the GIFs and their manifest [default: images/ in the project]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Folder for the MP4s [default: target/videos/ in the project]
    #[arg(long, value_name = "DIR")]
    videos: Option<PathBuf>,
    /// Which GIF encoder to use: ffmpeg if it is installed (auto), ffmpeg, or the built-in one.
    #[arg(long, value_enum, default_value = "auto")]
    encoder: EncoderChoice,
    /// Scenes made at once [default: the number of CPUs]
    #[arg(long, value_name = "N")]
    jobs: Option<NonZeroUsize>,
    /// Render nothing: check that every image is present and made from the current scenes.
    #[arg(long)]
    check: bool,
}

/// The `--encoder` choices.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum EncoderChoice {
    /// ffmpeg when it is installed, the built-in encoder otherwise.
    Auto,
    /// ffmpeg's palettegen and paletteuse; also writes the MP4s.
    Ffmpeg,
    /// The built-in pure-Rust encoder (GIFs only).
    Native,
}

/// The encoder a run actually uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encoder {
    /// ffmpeg: MP4 and GIF.
    Ffmpeg,
    /// Built-in: GIF only.
    Native,
}

impl Encoder {
    fn name(self) -> &'static str {
        match self {
            Self::Ffmpeg => "ffmpeg",
            Self::Native => "native",
        }
    }
}

/// The ffmpeg arguments that turn raw frames into a browser-friendly MP4.
pub const MP4_ARGS: &[&str] = &[
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "20",
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
];
/// The palette pass: statistics of every pixel of every lossless frame.
pub const PALETTEGEN: &str = "palettegen=stats_mode=full";
/// The GIF pass: flat plots with thin lines need no dithering; only changed rectangles are
/// stored.
pub const PALETTEUSE: &str = "[0:v][1:v]paletteuse=dither=none:diff_mode=rectangle";

/// One scene's outputs, finished and checked but not yet in place.
struct Staged {
    scene_label: String,
    gif: TempFile,
    gif_sha256: String,
    gif_bytes: u64,
    mp4: Option<TempFile>,
    digest: String,
}

/// Checks that an encoder really wrote a GIF at `path`, returning its hash and size.
fn verify_gif(path: &Path, title: &str) -> Result<(String, u64)> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("the encoder reported success but wrote no GIF for {title}"))?;
    if !bytes.starts_with(b"GIF89a") || bytes.last() != Some(&0x3b) {
        bail!("the encoder reported success but the GIF for {title} is incomplete");
    }
    Ok((manifest::sha256_hex(&bytes), bytes.len() as u64))
}

/// The file name of `path` relative to the project root when inside it, for the manifest and
/// messages (never an absolute path of this machine).
fn label(path: &Path) -> String {
    let root = project_root();
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match abs.strip_prefix(&root) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => path.to_string_lossy().into_owned(),
    }
}

/// Shows a path relative to the current folder when it is inside it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn kib(bytes: u64) -> String {
    format!("{:.0} KB", bytes as f64 / 1024.0)
}

/// Decides which encoder to use, telling the user when ffmpeg is missing.
fn resolve(choice: EncoderChoice, progress: &Progress) -> Result<(Encoder, Option<String>)> {
    let version = if choice == EncoderChoice::Native {
        None
    } else {
        ffmpeg::version()
    };
    match (choice, version) {
        (EncoderChoice::Native, _) => Ok((Encoder::Native, None)),
        (_, Some(v)) => Ok((Encoder::Ffmpeg, Some(v))),
        (EncoderChoice::Ffmpeg, None) => Err(BadInput(format!(
            "--encoder ffmpeg needs ffmpeg, which was not found ({}): {}",
            ffmpeg::program().display(),
            ffmpeg::INSTALL_HINT
        ))
        .into()),
        (EncoderChoice::Auto, None) => {
            progress.note(&format!(
                "note: ffmpeg not found, so the GIFs are made with the built-in encoder and the \
                 MP4s are skipped; to get them, {}",
                ffmpeg::INSTALL_HINT
            ));
            Ok((Encoder::Native, None))
        }
    }
}

/// Runs the task.
pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let all_scenes = args.scenes.is_empty();
    let loaded = scenes::load(&args.scenes)?;
    for (i, (a, sa)) in loaded.iter().enumerate() {
        for (b, sb) in &loaded[..i] {
            if sa.gif_name() == sb.gif_name() || sa.mp4_name() == sb.mp4_name() {
                return Err(BadInput(format!(
                    "{} and {} would both write {}: give one of them another title",
                    b.display(),
                    a.display(),
                    sa.gif_name()
                ))
                .into());
            }
        }
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| project_root().join("images"));
    let videos = args
        .videos
        .clone()
        .unwrap_or_else(|| project_root().join("target").join("videos"));

    if args.check {
        return check(&out, &loaded, all_scenes);
    }

    interrupt::install();
    let progress = Progress::new();
    let (encoder, ffmpeg_version) = resolve(args.encoder, &progress)?;
    let out_lock = lock::lock(&out, "--out")?;
    lock::remove_stale_temps(&out_lock);
    // `out` exists now (locking created it), so this compares real folders.
    let same_dir = std::fs::canonicalize(&out).ok() == std::fs::canonicalize(&videos).ok();
    let video_lock = if encoder == Encoder::Ffmpeg && !same_dir {
        let l = lock::lock(&videos, "--videos")?;
        lock::remove_stale_temps(&l);
        Some(l)
    } else {
        None
    };

    let jobs = args
        .jobs
        .map(NonZeroUsize::get)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, NonZeroUsize::get));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start the worker threads")?;
    let results: Vec<(String, Result<Staged>)> = pool.install(|| {
        loaded
            .par_iter()
            .map(|(path, scene)| {
                let result = make(path, scene, encoder, &out, &videos, &progress);
                (scene.title.clone(), result)
            })
            .collect()
    });

    interrupt::check().map_err(|e| {
        let folders = if encoder == Encoder::Ffmpeg {
            format!("{} and {} are", shown(&out), shown(&videos))
        } else {
            format!("{} is", shown(&out))
        };
        e.context(format!(
            "interrupted: nothing was replaced, {folders} as they were"
        ))
    })?;
    let mut staged = Vec::new();
    let mut failures = Vec::new();
    for (title, result) in results {
        match result {
            Ok(s) => staged.push(s),
            Err(e) => failures.push(format!("{title}: {}", crate::one_line(&e))),
        }
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("error: {f}");
        }
        bail!(
            "{} of {} scenes failed, so nothing was replaced: {} is as it was",
            failures.len(),
            loaded.len(),
            shown(&out)
        );
    }

    // Everything succeeded: move it all into place, then record it.
    interrupt::check()?;
    let mut manifest = manifest::read(&out)?;
    let mut written: Vec<(PathBuf, u64)> = Vec::new();
    for s in staged {
        let gif_target = s.gif.target().to_path_buf();
        let name = gif_target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        s.gif.commit()?;
        written.push((gif_target, s.gif_bytes));
        if let Some(mp4) = s.mp4 {
            let target = mp4.target().to_path_buf();
            mp4.commit()?;
            let size = std::fs::metadata(&target).map_or(0, |m| m.len());
            written.push((target, size));
        }
        manifest.images.insert(
            name,
            Entry {
                scene: s.scene_label,
                digest: s.digest,
                sha256: s.gif_sha256,
                bytes: s.gif_bytes,
                encoder: encoder.name().to_owned(),
            },
        );
    }
    manifest.version = 1;
    manifest::write(&out, &manifest)?;
    drop(video_lock);
    drop(out_lock);

    let how = match &ffmpeg_version {
        Some(v) => format!("with {}", v.split(" Copyright").next().unwrap_or(v)),
        None => "with the built-in encoder".to_owned(),
    };
    println!(
        "made {} file{} {how} in {:.1} s:",
        written.len(),
        if written.len() == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
    for (path, size) in &written {
        println!("  {:<50} {:>8}", shown(path), kib(*size));
    }
    if encoder == Encoder::Native {
        println!("  (no MP4s: they need ffmpeg)");
    }
    Ok(())
}

/// `--check`: recompute each digest and compare, without rendering.
fn check(out: &Path, loaded: &[(PathBuf, Scene)], all_scenes: bool) -> Result<()> {
    let sims = loaded
        .iter()
        .map(|(p, s)| Ok((PathBuf::from(label(p)), scene::simulate(s)?)))
        .collect::<Result<Vec<_>>>()?;
    let problems = manifest::check(out, &sims, all_scenes)?;
    if problems.is_empty() {
        println!(
            "{} image{} in {} up to date",
            sims.len(),
            if sims.len() == 1 { "" } else { "s" },
            shown(out)
        );
        return Ok(());
    }
    for p in &problems {
        eprintln!("  {}: {}", p.image, p.why);
    }
    bail!(
        "{} image{} in {} {} out of date: run `cargo xtask gifs` to remake {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        shown(out),
        if problems.len() == 1 { "is" } else { "are" },
        if problems.len() == 1 { "it" } else { "them" },
    )
}

/// Makes one scene's outputs as temporary files.
fn make(
    path: &Path,
    scene: &Scene,
    encoder: Encoder,
    out: &Path,
    videos: &Path,
    progress: &Progress,
) -> Result<Staged> {
    let sim = scene::simulate(scene)?;
    let digest = manifest::digest(&sim);
    let renderer = Renderer::new(&sim)?;
    let frames = renderer.timeline().len();
    let gif = TempFile::beside(&out.join(scene.gif_name()))?;
    let mp4 = match encoder {
        Encoder::Native => {
            let bar = progress.scene(&scene.title, frames);
            bar.phase("GIF (built-in encoder)");
            native::encode(&renderer, gif.path(), &|done| bar.set(done))?;
            bar.finish(&scene.gif_name());
            None
        }
        Encoder::Ffmpeg => {
            let bar = progress.scene(&scene.title, 3 * frames);
            let mp4 = TempFile::beside(&videos.join(scene.mp4_name()))?;
            let palette =
                TempFile::beside(&videos.join(format!("palette_{}.png", scene.video_stem())))?;
            with_ffmpeg(
                &renderer,
                mp4.path(),
                palette.path(),
                gif.path(),
                &bar,
                &scene.title,
            )?;
            bar.finish(&format!("{} and {}", scene.gif_name(), scene.mp4_name()));
            Some(mp4)
        }
    };
    let (gif_sha256, gif_bytes) = verify_gif(gif.path(), &scene.title)?;
    Ok(Staged {
        scene_label: label(path),
        gif,
        gif_sha256,
        gif_bytes,
        mp4,
        digest,
    })
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

fn absolute(p: &Path) -> Result<OsString> {
    // Absolute paths never start with '-', so ffmpeg cannot mistake one for an option.
    Ok(std::path::absolute(p)
        .with_context(|| format!("cannot resolve {}", p.display()))?
        .into_os_string())
}

/// Three passes over the frames, each streamed into one ffmpeg: the MP4, the palette, then the
/// GIF with that palette. Rendering a frame costs about a millisecond, so rendering three times
/// is cheaper than holding frames, and one ffmpeg at a time per scene keeps memory bounded.
/// Nothing but the three outputs touches the disk.
fn with_ffmpeg(
    renderer: &Renderer,
    mp4: &Path,
    palette: &Path,
    gif: &Path,
    bar: &SceneProgress,
    title: &str,
) -> Result<()> {
    let size = renderer.size();
    let input = ffmpeg::raw_input(size.width(), size.height(), renderer.fps());
    let frames = renderer.timeline().len();
    let mut r = renderer.clone();
    let mut rgb = Vec::with_capacity(size.rgb_len());
    let passes: [(&str, Vec<OsString>, Vec<OsString>); 3] = [
        ("MP4", vec![], [os(MP4_ARGS), vec![absolute(mp4)?]].concat()),
        (
            "palette",
            vec![],
            [
                os(&["-vf", PALETTEGEN, "-update", "1"]),
                vec![absolute(palette)?],
            ]
            .concat(),
        ),
        (
            "GIF",
            vec!["-i".into(), absolute(palette)?],
            [os(&["-lavfi", PALETTEUSE]), vec![absolute(gif)?]].concat(),
        ),
    ];
    let outputs = [mp4, palette, gif];
    for (pass, (what, extra_inputs, output)) in passes.into_iter().enumerate() {
        bar.phase(what);
        let args = [input.clone(), extra_inputs, output].concat();
        let mut stream = Stream::spawn(&format!("{what} of {title}"), &args)?;
        for f in 0..frames {
            interrupt::check()?;
            r.render_frame(f, &mut rgb)?;
            stream.write(&rgb)?;
            bar.set(pass * frames + f + 1);
        }
        stream.finish()?;
        if std::fs::metadata(outputs[pass]).map_or(true, |m| m.len() == 0) {
            bail!("ffmpeg reported success but wrote no {what} for {title}");
        }
    }
    Ok(())
}
