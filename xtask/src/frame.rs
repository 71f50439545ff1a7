//! `cargo xtask frame`: one still of any step of a scene, as a PNG.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use scene::Scene;

use crate::BadInput;

/// Arguments of `cargo xtask frame`.
#[derive(clap::Args)]
pub struct Args {
    /// The scene file to draw.
    #[arg(long, value_name = "FILE")]
    scene: PathBuf,
    /// The step to show (0 is the start; larger than the scene's steps shows the end).
    #[arg(long, value_name = "K")]
    step: usize,
    /// Where to write the PNG.
    #[arg(long, value_name = "FILE.png")]
    out: PathBuf,
}

/// Runs the task.
pub fn run(args: Args) -> Result<()> {
    if args
        .out
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("png"))
    {
        return Err(BadInput(format!(
            "--out {} must name a .png file",
            args.out.display()
        ))
        .into());
    }
    crate::atomic::check_file_target(&args.out, "--out")?;
    let scene = Scene::load(&args.scene)?;
    if args.step > scene.steps {
        return Err(BadInput(format!(
            "--step {} is past the end: {} has {} steps (0 to {})",
            args.step,
            args.scene.display(),
            scene.steps,
            scene.steps
        ))
        .into());
    }
    let sim = scene::simulate(&scene)?;
    let mut renderer = render::Renderer::new(&sim)?;
    let mut rgb = Vec::new();
    renderer.render_step(args.step, &mut rgb)?;
    let size = renderer.size();
    let png = encode_png(&rgb, size.width(), size.height())?;
    crate::atomic::write(&args.out, &png)?;
    println!(
        "wrote {} (step {} of {})",
        args.out.display(),
        args.step,
        scene.steps
    );
    Ok(())
}

/// Encodes an RGB buffer as PNG bytes.
pub fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().context("cannot encode the PNG")?;
    writer
        .write_image_data(rgb)
        .context("cannot encode the PNG")?;
    writer.finish().context("cannot encode the PNG")?;
    Ok(out)
}

/// Writes an RGB buffer as a PNG file (used by benchmarks and checks).
#[allow(dead_code)]
pub fn write_png(path: &Path, rgb: &[u8], width: u32, height: u32) -> Result<()> {
    crate::atomic::write(path, &encode_png(rgb, width, height)?)
}
