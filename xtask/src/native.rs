//! The built-in GIF encoder (no ffmpeg): one global palette for the whole animation,
//! changed-rectangle frames with transparency for unchanged pixels, identical frames merged
//! into one longer frame, LZW compressed in parallel.
//!
//! Crates: `gif` (MIT/Apache-2.0) for the container and LZW, `color_quant` (MIT) for the
//! NeuQuant palette, `rayon` for parallel rendering and compression.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use gif::{DisposalMethod, Encoder, Frame, Repeat};
use rayon::prelude::*;
use render::{Renderer, Rgb};

use crate::interrupt;

/// Frames rendered and compressed together; bounds memory to about this many frames.
const BATCH: usize = 24;
/// The palette index left transparent ("unchanged since the previous frame").
const TRANSPARENT: u8 = 255;

/// A global palette of up to 255 colours plus the transparent index.
#[derive(Debug, Clone)]
pub struct Palette {
    colors: Vec<Rgb>,
}

impl Palette {
    /// A palette holding every `reserved` colour exactly, the rest chosen by NeuQuant from
    /// `samples` (RGB buffers).
    pub fn build(samples: &[&[u8]], reserved: &[Rgb]) -> Self {
        let mut colors: Vec<Rgb> = Vec::with_capacity(255);
        for c in reserved {
            if !colors.contains(c) && colors.len() < 255 {
                colors.push(*c);
            }
        }
        let mut rgba = Vec::new();
        for s in samples {
            for p in s.chunks_exact(3) {
                rgba.extend_from_slice(&[p[0], p[1], p[2], 255]);
            }
        }
        let free = 255 - colors.len();
        if free > 0 && !rgba.is_empty() {
            let nq = color_quant::NeuQuant::new(10, free, &rgba);
            for c in nq.color_map_rgb().chunks_exact(3) {
                let c = [c[0], c[1], c[2]];
                if !colors.contains(&c) {
                    colors.push(c);
                }
            }
        }
        Self { colors }
    }

    /// The palette as GIF colour-table bytes (256 entries, the transparent one black).
    pub fn table(&self) -> Vec<u8> {
        let mut t: Vec<u8> = self.colors.iter().flatten().copied().collect();
        t.resize(256 * 3, 0);
        t
    }

    /// The index of the palette colour nearest to `c` (weighted RGB distance).
    pub fn nearest(&self, c: Rgb) -> u8 {
        let d = |p: &Rgb| {
            let dr = i32::from(p[0]) - i32::from(c[0]);
            let dg = i32::from(p[1]) - i32::from(c[1]);
            let db = i32::from(p[2]) - i32::from(c[2]);
            2 * dr * dr + 4 * dg * dg + 3 * db * db
        };
        self.colors
            .iter()
            .enumerate()
            .min_by_key(|(_, p)| d(p))
            .map_or(0, |(i, _)| i as u8)
    }
}

/// Maps RGB frames to palette indices, reusing the background's indices for unchanged pixels.
#[derive(Clone)]
struct Indexer<'a> {
    palette: &'a Palette,
    background: &'a [u8],
    background_indices: &'a [u8],
    cache: HashMap<u32, u8>,
}

impl Indexer<'_> {
    fn index(&mut self, frame: &[u8], out: &mut Vec<u8>) {
        out.clear();
        out.extend_from_slice(self.background_indices);
        for (i, (px, bg)) in frame
            .chunks_exact(3)
            .zip(self.background.chunks_exact(3))
            .enumerate()
        {
            if px != bg {
                let key = u32::from(px[0]) << 16 | u32::from(px[1]) << 8 | u32::from(px[2]);
                let palette = self.palette;
                out[i] = *self
                    .cache
                    .entry(key)
                    .or_insert_with(|| palette.nearest([px[0], px[1], px[2]]));
            }
        }
    }
}

/// Centiseconds at which frame `f` starts at `fps` frames per second.
fn start_cs(f: usize, fps: u32) -> u64 {
    ((f as u64) * 200 / u64::from(fps)).div_ceil(2)
}

/// The smallest rectangle holding every pixel where `a` and `b` differ: (left, top, w, h).
fn changed_rect(a: &[u8], b: &[u8], width: usize) -> Option<(usize, usize, usize, usize)> {
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (y, (ra, rb)) in a.chunks_exact(width).zip(b.chunks_exact(width)).enumerate() {
        if ra == rb {
            continue;
        }
        let first = ra.iter().zip(rb).position(|(p, q)| p != q).unwrap_or(0);
        let last = ra.iter().zip(rb).rposition(|(p, q)| p != q).unwrap_or(0);
        x0 = x0.min(first);
        x1 = x1.max(last);
        y0 = y0.min(y);
        y1 = y;
    }
    (x0 != usize::MAX).then(|| (x0, y0, x1 - x0 + 1, y1 - y0 + 1))
}

/// A frame waiting for its delay, which grows while identical frames follow.
struct Pending {
    frame: Frame<'static>,
    start: usize,
}

/// Encodes every frame of `renderer` as a GIF at `path`; `progress` is called with the
/// number of frames done so far.
pub fn encode(renderer: &Renderer, path: &Path, progress: &(dyn Fn(usize) + Sync)) -> Result<()> {
    let size = renderer.size();
    let (w, h) = (size.width() as usize, size.height() as usize);
    let timeline = renderer.timeline();
    let frames = timeline.len();
    let fps = renderer.fps();

    // The palette: the static layer plus a few frames with the paths drawn.
    let mut r = renderer.clone();
    let mut samples: Vec<Vec<u8>> = Vec::new();
    for f in [
        timeline.animated() / 3,
        2 * timeline.animated() / 3,
        frames - 1,
    ] {
        let mut out = Vec::new();
        r.render_frame(f, &mut out)?;
        samples.push(out);
    }
    let background = renderer.background();
    let mut sample_refs: Vec<&[u8]> = vec![background];
    sample_refs.extend(samples.iter().map(Vec::as_slice));
    let palette = Palette::build(&sample_refs, &renderer.key_colors());
    let background_indices: Vec<u8> = {
        let mut cache: HashMap<u32, u8> = HashMap::new();
        background
            .chunks_exact(3)
            .map(|p| {
                let key = u32::from(p[0]) << 16 | u32::from(p[1]) << 8 | u32::from(p[2]);
                *cache
                    .entry(key)
                    .or_insert_with(|| palette.nearest([p[0], p[1], p[2]]))
            })
            .collect()
    };
    let indexer = Indexer {
        palette: &palette,
        background,
        background_indices: &background_indices,
        cache: HashMap::new(),
    };

    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut encoder = Encoder::new(BufWriter::new(file), w as u16, h as u16, &palette.table())
        .context("cannot start the GIF")?;
    encoder
        .set_repeat(Repeat::Infinite)
        .context("cannot write the GIF")?;

    let mut previous: Option<Vec<u8>> = None;
    let mut pending: Option<Pending> = None;
    let mut done = 0;
    for batch_start in (0..frames).step_by(BATCH) {
        interrupt::check()?;
        let batch: Vec<usize> = (batch_start..(batch_start + BATCH).min(frames)).collect();
        let indexed: Vec<Vec<u8>> = batch
            .par_iter()
            .map_init(
                || (renderer.clone(), indexer.clone(), Vec::new()),
                |(r, ix, rgb), &f| -> Result<Vec<u8>> {
                    r.render_frame(f, rgb)?;
                    let mut out = Vec::with_capacity(w * h);
                    ix.index(rgb, &mut out);
                    Ok(out)
                },
            )
            .collect::<Result<_>>()?;

        // Turn each frame into the rectangle that changed, or merge it into the previous one.
        let mut fresh: Vec<Pending> = Vec::new();
        for (&f, indices) in batch.iter().zip(indexed) {
            let frame = match &previous {
                None => Some(Frame::from_indexed_pixels(
                    w as u16,
                    h as u16,
                    indices.clone(),
                    None,
                )),
                Some(prev) => changed_rect(prev, &indices, w).map(|(x, y, rw, rh)| {
                    let mut buf = Vec::with_capacity(rw * rh);
                    for row in y..y + rh {
                        let a = &prev[row * w + x..row * w + x + rw];
                        let b = &indices[row * w + x..row * w + x + rw];
                        buf.extend(
                            a.iter()
                                .zip(b)
                                .map(|(p, q)| if p == q { TRANSPARENT } else { *q }),
                        );
                    }
                    let mut fr =
                        Frame::from_indexed_pixels(rw as u16, rh as u16, buf, Some(TRANSPARENT));
                    fr.left = x as u16;
                    fr.top = y as u16;
                    fr
                }),
            };
            if let Some(mut frame) = frame {
                frame.dispose = DisposalMethod::Keep;
                fresh.push(Pending { frame, start: f });
                previous = Some(indices);
            }
        }
        fresh
            .par_iter_mut()
            .for_each(|p| p.frame.make_lzw_pre_encoded());
        for next in fresh {
            if let Some(mut p) = pending.take() {
                p.frame.delay = (start_cs(next.start, fps) - start_cs(p.start, fps)) as u16;
                encoder
                    .write_lzw_pre_encoded_frame(&p.frame)
                    .context("cannot write the GIF")?;
            }
            pending = Some(next);
        }
        done += batch.len();
        progress(done);
    }
    if let Some(mut p) = pending.take() {
        p.frame.delay = (start_cs(frames, fps) - start_cs(p.start, fps)) as u16;
        encoder
            .write_lzw_pre_encoded_frame(&p.frame)
            .context("cannot write the GIF")?;
    }
    let mut writer = encoder.into_inner().context("cannot finish the GIF")?;
    writer.flush().context("cannot write the GIF")?;
    writer
        .into_inner()
        .map_err(|e| e.into_error())
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_times_round_to_the_nearest_centisecond() {
        // 30 fps: 0, 3.33, 6.67, 10 → 0, 3, 7, 10.
        let starts: Vec<u64> = (0..4).map(|f| start_cs(f, 30)).collect();
        assert_eq!(starts, [0, 3, 7, 10]);
        assert_eq!(start_cs(345, 30), 1150);
        assert_eq!(start_cs(25, 25), 100);
    }

    #[test]
    fn changed_rect_bounds_every_difference() {
        let w = 5;
        let a = vec![0u8; 20];
        let mut b = a.clone();
        assert_eq!(changed_rect(&a, &b, w), None);
        b[w + 1] = 1;
        b[3 * w + 3] = 2;
        assert_eq!(changed_rect(&a, &b, w), Some((1, 1, 3, 3)));
    }

    #[test]
    fn palette_keeps_reserved_colours_exactly() {
        let noise: Vec<u8> = (0..30_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let reserved = [[213, 94, 0], [0, 114, 178], [255, 255, 255]];
        let p = Palette::build(&[&noise], &reserved);
        assert!(p.colors.len() <= 255);
        for (i, c) in reserved.iter().enumerate() {
            assert_eq!(p.nearest(*c), i as u8);
        }
        assert_eq!(p.table().len(), 768);
    }
}
