//! The renderer: a static layer drawn once per scene, and per frame only what moves.

use plotters::backend::{BitMapBackend, RGBPixel};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use scene::Simulation;
use surfaces::CriticalKind;

use crate::RenderError;
use crate::canvas::{Rect, Rgb, Stroker};
use crate::field::{Colormap, ValueScale, isoline};
use crate::palette::run_color;
use crate::text;
use crate::timeline::Timeline;
use crate::viewport::{FrameSize, Viewport};

const INK: Rgb = [38, 38, 38];
const MUTED: Rgb = [110, 110, 110];
const WHITE: Rgb = [255, 255, 255];
const HALO: Rgb = [20, 20, 28];
const DIVERGED: Rgb = [180, 30, 30];
/// How much the viridis field is mixed with white, so the paths stand out.
const FIELD_LIGHTEN: f64 = 0.3;
/// Isoline grid spacing in pixels.
const CONTOUR_GRID: u32 = 2;
/// Trail vertices closer than this (in pixels) to the previous kept one are skipped.
const MIN_VERTEX_GAP: f64 = 1.0;

/// Everything drawn for one run, precomputed in pixel coordinates.
#[derive(Debug, Clone)]
struct RunArt {
    color: Rgb,
    /// Every point of the trajectory in frame pixels.
    points: Vec<(f64, f64)>,
    /// The trail's kept vertices: (step, x, y).
    trail: Vec<(usize, f64, f64)>,
    /// Every (step, loss) in loss-panel pixels.
    loss_points: Vec<(f64, f64)>,
    /// The loss curve's kept vertices.
    loss_trail: Vec<(usize, f64, f64)>,
    diverged_at: Option<usize>,
    /// Where the legend's second line starts, and its static text.
    legend_note_at: (f64, f64),
    legend_note: String,
    /// A pixel of the legend swatch that shows the run colour exactly.
    swatch: (u32, u32),
}

impl RunArt {
    /// The index of the last point shown at `step`.
    fn shown(&self, step: usize) -> usize {
        step.min(self.points.len() - 1)
    }
}

/// Keeps the first point, every point at least `MIN_VERTEX_GAP` from the last kept one.
fn decimate(points: &[(f64, f64)]) -> Vec<(usize, f64, f64)> {
    let mut kept: Vec<(usize, f64, f64)> = Vec::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        match kept.last() {
            Some(&(_, kx, ky)) if (x - kx).hypot(y - ky) < MIN_VERTEX_GAP => {}
            _ => kept.push((i, x, y)),
        }
    }
    kept
}

/// The loss panel's mapping from (step, loss) to pixels.
#[derive(Debug, Clone, Copy)]
struct LossMap {
    rect: Rect,
    steps: f64,
    lo: f64,
    hi: f64,
    log: bool,
}

impl LossMap {
    fn pixel(self, step: usize, loss: f64) -> (f64, f64) {
        let u = if self.steps > 0.0 {
            step as f64 / self.steps
        } else {
            0.0
        };
        let v = if self.log {
            (loss.max(self.lo).log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10())
        } else {
            (loss - self.lo) / (self.hi - self.lo)
        };
        (
            self.rect.x0 + u * (self.rect.x1 - self.rect.x0),
            self.rect.y1 - v * (self.rect.y1 - self.rect.y0),
        )
    }
}

/// A run's trail and loss curve drawn so far, kept between frames: the kept vertices up to
/// `vertices` (and `loss_vertices`) are already in the masks.
#[derive(Debug, Clone)]
struct Growth {
    vertices: usize,
    halo: Stroker,
    core: Stroker,
    loss_vertices: usize,
    loss: Stroker,
}

impl Growth {
    fn new(w: u32, h: u32) -> Self {
        Self {
            vertices: 0,
            halo: Stroker::new(w, h),
            core: Stroker::new(w, h),
            loss_vertices: 0,
            loss: Stroker::new(w, h),
        }
    }
}

/// Adds the segments between kept vertices `from..to` (and the start cap) to `masks`.
fn grow(
    vertices: &[(usize, f64, f64)],
    from: usize,
    to: usize,
    masks: &mut [(&mut Stroker, f64)],
    clip: &Rect,
) {
    for i in from..to {
        let p = (vertices[i].1, vertices[i].2);
        let q = if i == 0 {
            p
        } else {
            (vertices[i - 1].1, vertices[i - 1].2)
        };
        for (mask, radius) in masks.iter_mut() {
            mask.segment(q, p, *radius, clip);
        }
    }
}

/// Layout lengths for one frame size, scaled from the 800 × 600 design.
#[derive(Debug, Clone, Copy)]
struct Metrics {
    s: f64,
}

impl Metrics {
    fn px(&self, v: f64) -> f64 {
        v * self.s
    }
    fn upx(&self, v: f64) -> u32 {
        (v * self.s).round().max(1.0) as u32
    }
}

/// Draws the frames of one simulated scene.
///
/// The field, isolines, axes, markers, legend and panel frames are drawn once in
/// [`Renderer::new`]; each frame copies that layer and draws the trails, heads, loss curves and
/// step counter up to its step. Frames depend only on the simulation and the frame index.
#[derive(Debug, Clone)]
pub struct Renderer {
    size: FrameSize,
    timeline: Timeline,
    steps: usize,
    background: Vec<u8>,
    viewport: Viewport,
    plot_rect: Rect,
    loss: LossMap,
    runs: Vec<RunArt>,
    growth: Vec<Growth>,
    stroker: Stroker,
    metrics: Metrics,
    counter_at: (f64, f64),
    scale: ValueScale,
    fps: u32,
}

fn draw_err<E: std::fmt::Display>(e: E) -> RenderError {
    RenderError::Draw(e.to_string())
}

impl Renderer {
    /// Prepares the static layer of `simulation` at its scene's frame size.
    pub fn new(simulation: &Simulation) -> Result<Self, RenderError> {
        let video = simulation.scene.video;
        let size = FrameSize::new(video.width, video.height)?;
        Self::with_size(simulation, size)
    }

    /// Prepares the static layer at a given frame size.
    pub fn with_size(simulation: &Simulation, size: FrameSize) -> Result<Self, RenderError> {
        text::ensure_font()?;
        let scene = &simulation.scene;
        let (w, h) = (size.width(), size.height());
        let metrics = Metrics {
            s: (f64::from(w) / 800.0).min(f64::from(h) / 600.0),
        };
        let m = metrics;
        let any_note = simulation.runs.iter().any(|r| {
            r.trajectory.status().diverged_at().is_some() || !extras_label(&r.config).is_empty()
        });

        let mut background = vec![255u8; size.rgb_len()];
        let title_h = m.upx(58.0);
        let main_w = (f64::from(w) * 0.67).round() as u32;
        let entry_h = if any_note { m.px(40.0) } else { m.px(26.0) };
        let legend_top = m.px(8.0);
        let markers_h = m.px(24.0);
        let counter_h = m.px(30.0);
        let legend_h = (legend_top + entry_h * simulation.runs.len() as f64 + markers_h + counter_h)
            .round() as u32;

        // Steps and loss range for the panel.
        let steps = scene.steps;
        let losses = simulation
            .runs
            .iter()
            .flat_map(|r| r.trajectory.losses().iter().copied());
        let (lmin, lmax) = losses.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), l| {
            (a.min(l), b.max(l))
        });
        // Logarithmic wherever every loss is positive, linear otherwise.
        let log_panel = lmin > 0.0;
        let (lo, hi) = if log_panel {
            let mut hi = 10f64.powf(lmax.log10().ceil());
            let lo = 10f64.powf(lmin.log10().floor()).max(hi * 1e-16);
            if hi <= lo {
                hi = lo * 10.0;
            }
            (lo, hi)
        } else {
            let pad = ((lmax - lmin) * 0.06).max(1e-9);
            (lmin - pad, lmax + pad)
        };

        // Axes, titles and panel frames through plotters.
        let (plot_px, panel_px, side_x0, body_top) = {
            let backend =
                BitMapBackend::<RGBPixel>::with_buffer_and_format(&mut background, (w, h))
                    .map_err(draw_err)?;
            let root = backend.into_drawing_area();
            let (_title_area, body) = root.split_vertically(title_h);
            let (main, side) = body.split_horizontally(main_w);

            let d = scene.domain;
            let mut chart = ChartBuilder::on(&main)
                .margin_left(m.upx(6.0))
                .margin_right(m.upx(14.0))
                .margin_top(m.upx(4.0))
                .margin_bottom(m.upx(6.0))
                .x_label_area_size(m.upx(40.0))
                .y_label_area_size(m.upx(50.0))
                .build_cartesian_2d(d.x_min..d.x_max, d.y_min..d.y_max)
                .map_err(draw_err)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_labels(7)
                .y_labels(7)
                .x_desc("x")
                .y_desc("y")
                .label_style(text::style(m.px(12.0), INK, HPos::Center, VPos::Center))
                .axis_desc_style(text::style(m.px(14.0), INK, HPos::Center, VPos::Center))
                .axis_style(RGBColor(INK[0], INK[1], INK[2]))
                .x_label_formatter(&|v| text::number(*v))
                .y_label_formatter(&|v| text::number(*v))
                .draw()
                .map_err(draw_err)?;
            let plot_px = chart.plotting_area().get_pixel_range();

            let (_legend, panel) = side.split_vertically(legend_h);
            let panel_px = if log_panel {
                loss_axes(&panel, m, steps, (lo..hi).log_scale())?
            } else {
                loss_axes(&panel, m, steps, lo..hi)?
            };
            (
                plot_px,
                panel_px,
                side.get_pixel_range().0.start,
                body.get_pixel_range().1.start,
            )
        };

        let plot_rect = Rect::new(
            f64::from(plot_px.0.start),
            f64::from(plot_px.1.start),
            f64::from(plot_px.0.end),
            f64::from(plot_px.1.end),
        );
        let viewport = Viewport::new(
            scene.domain,
            plot_px.0.start.max(0) as u32,
            plot_px.1.start.max(0) as u32,
            (plot_px.0.end - plot_px.0.start).max(1) as u32,
            (plot_px.1.end - plot_px.1.start).max(1) as u32,
        );
        let loss = LossMap {
            rect: Rect::new(
                f64::from(panel_px.0.start),
                f64::from(panel_px.1.start),
                f64::from(panel_px.0.end),
                f64::from(panel_px.1.end),
            ),
            steps: steps as f64,
            lo,
            hi,
            log: log_panel,
        };

        let dims = (w, h);
        text::draw(
            &mut background,
            dims,
            &scene.title,
            (f64::from(w) / 2.0, m.px(8.0)),
            m.px(24.0),
            INK,
            (HPos::Center, VPos::Top),
        )?;
        text::draw(
            &mut background,
            dims,
            scene.surface.formula(),
            (f64::from(w) / 2.0, m.px(38.0)),
            m.px(13.0),
            MUTED,
            (HPos::Center, VPos::Top),
        )?;

        let mut stroker = Stroker::new(w, h);
        let scale = draw_field(
            &mut background,
            size,
            simulation,
            &viewport,
            &plot_rect,
            &mut stroker,
            m,
        );
        draw_markers(
            &mut background,
            simulation,
            &viewport,
            &plot_rect,
            &mut stroker,
            m,
        );

        // Legend.
        let side_x = f64::from(side_x0) + m.px(6.0);
        let full = Rect::new(0.0, 0.0, f64::from(w), f64::from(h));
        let mut runs = Vec::with_capacity(simulation.runs.len());
        for (i, run) in simulation.runs.iter().enumerate() {
            let color = run_color(i);
            let top = f64::from(body_top) + legend_top + entry_h * i as f64;
            let mid = top + m.px(11.0);
            let (a, b) = ((side_x, mid), (side_x + m.px(24.0), mid));
            stroker.segment(a, b, m.px(3.0), &full);
            stroker.flush(&mut background, HALO, 0.5);
            stroker.segment(a, b, m.px(2.0), &full);
            stroker.disc(b, m.px(4.5), &full);
            stroker.flush(&mut background, color, 1.0);
            let label = format!(
                "{}  η = {}",
                run.config.kind().display_name(),
                text::number(run.config.learning_rate())
            );
            text::draw(
                &mut background,
                dims,
                &label,
                (side_x + m.px(34.0), mid),
                m.px(14.0),
                INK,
                (HPos::Left, VPos::Center),
            )?;
            let note_at = (side_x + m.px(34.0), mid + m.px(17.0));
            let extras = extras_label(&run.config);
            if !extras.is_empty() {
                text::draw(
                    &mut background,
                    dims,
                    &extras,
                    note_at,
                    m.px(11.5),
                    MUTED,
                    (HPos::Left, VPos::Center),
                )?;
            }
            let points: Vec<(f64, f64)> = run
                .trajectory
                .points()
                .map(|p| viewport.to_pixel(p[0], p[1]))
                .collect();
            let loss_points: Vec<(f64, f64)> = run
                .trajectory
                .losses()
                .iter()
                .enumerate()
                .map(|(k, &l)| loss.pixel(k, l))
                .collect();
            runs.push(RunArt {
                color,
                trail: decimate(&points),
                points,
                loss_trail: decimate(&loss_points),
                loss_points,
                diverged_at: run.trajectory.status().diverged_at(),
                legend_note_at: note_at,
                legend_note: extras,
                swatch: (b.0 as u32, b.1 as u32),
            });
        }
        let markers_top =
            f64::from(body_top) + legend_top + entry_h * runs.len() as f64 + m.px(4.0);
        draw_marker_legend(
            &mut background,
            size,
            side_x,
            markers_top + m.px(8.0),
            &mut stroker,
            m,
        )?;
        let counter_at = (side_x, markers_top + markers_h + m.px(6.0));

        Ok(Self {
            size,
            timeline: Timeline::new(steps, scene.video.frames, scene.video.fps),
            steps,
            background,
            viewport,
            plot_rect,
            loss,
            growth: vec![Growth::new(w, h); runs.len()],
            runs,
            stroker,
            metrics,
            counter_at,
            scale,
            fps: scene.video.fps,
        })
    }

    /// The frame size.
    pub fn size(&self) -> FrameSize {
        self.size
    }

    /// Which step each frame shows.
    pub fn timeline(&self) -> Timeline {
        self.timeline
    }

    /// Frames per second of the animation.
    pub fn fps(&self) -> u32 {
        self.fps
    }

    /// Colours that appear exactly in frames and should be kept exact when quantizing: each
    /// run's colour, then white, text, halo and warning colours.
    pub fn key_colors(&self) -> Vec<Rgb> {
        let mut colors: Vec<Rgb> = self.runs.iter().map(|r| r.color).collect();
        colors.extend([WHITE, INK, MUTED, HALO, DIVERGED]);
        colors
    }

    /// The mapping from plot coordinates to frame pixels.
    pub fn viewport(&self) -> Viewport {
        self.viewport
    }

    /// The plot area in frame pixels; nothing of a path is drawn outside it.
    pub fn plot_rect(&self) -> Rect {
        self.plot_rect
    }

    /// How the field's values are coloured (linear or logarithmic).
    pub fn value_scale(&self) -> ValueScale {
        self.scale
    }

    /// Whether the loss panel uses a logarithmic axis.
    pub fn loss_panel_is_log(&self) -> bool {
        self.loss.log
    }

    /// The colour of run `i`.
    pub fn run_color(&self, i: usize) -> Option<Rgb> {
        self.runs.get(i).map(|r| r.color)
    }

    /// A pixel of run `i`'s legend swatch that shows its colour exactly.
    pub fn legend_swatch(&self, i: usize) -> Option<(u32, u32)> {
        self.runs.get(i).map(|r| r.swatch)
    }

    /// The static layer (before anything that moves is drawn).
    pub fn background(&self) -> &[u8] {
        &self.background
    }

    /// Renders frame `frame` (see [`Renderer::timeline`]) into `out` as RGB.
    pub fn render_frame(&mut self, frame: usize, out: &mut Vec<u8>) -> Result<(), RenderError> {
        let step = self.timeline.step_at(frame);
        self.render_step(step, out)
    }

    /// Renders the picture at `step` (clamped to the scene's steps) into `out` as RGB.
    pub fn render_step(&mut self, step: usize, out: &mut Vec<u8>) -> Result<(), RenderError> {
        let step = step.min(self.steps);
        out.clear();
        out.extend_from_slice(&self.background);
        let m = self.metrics;
        let clip = self.plot_rect;
        let panel_clip = self.loss.rect;

        let (halo_r, core_r, loss_r) = (m.px(2.6), m.px(1.6), m.px(0.9));
        for (run, growth) in self.runs.iter().zip(self.growth.iter_mut()) {
            let shown = run.shown(step);
            // Kept vertices up to the shown point are persistent; the last stretch to the exact
            // head is drawn on top each frame.
            let k = run.trail.partition_point(|v| v.0 <= shown);
            if k < growth.vertices {
                growth.halo.clear();
                growth.core.clear();
                growth.vertices = 0;
            }
            grow(
                &run.trail,
                growth.vertices,
                k,
                &mut [(&mut growth.halo, halo_r), (&mut growth.core, core_r)],
                &clip,
            );
            growth.vertices = k;
            let head = run.points[shown];
            let last = run.trail[k - 1];
            self.stroker.segment((last.1, last.2), head, halo_r, &clip);
            growth.halo.blend_union(&mut self.stroker, out, HALO, 0.45);
            self.stroker.segment((last.1, last.2), head, core_r, &clip);
            growth
                .core
                .blend_union(&mut self.stroker, out, run.color, 1.0);

            let k = run.loss_trail.partition_point(|v| v.0 <= shown);
            if k < growth.loss_vertices {
                growth.loss.clear();
                growth.loss_vertices = 0;
            }
            grow(
                &run.loss_trail,
                growth.loss_vertices,
                k,
                &mut [(&mut growth.loss, loss_r)],
                &panel_clip,
            );
            growth.loss_vertices = k;
            let last = run.loss_trail[k - 1];
            self.stroker.segment(
                (last.1, last.2),
                run.loss_points[shown],
                loss_r,
                &panel_clip,
            );
            growth
                .loss
                .blend_union(&mut self.stroker, out, run.color, 1.0);
        }
        for run in &self.runs {
            let shown = run.shown(step);
            let head = run.points[shown];
            self.stroker.disc(head, m.px(6.2), &clip);
            self.stroker.flush(out, WHITE, 0.95);
            self.stroker.disc(head, m.px(4.6), &clip);
            self.stroker.flush(out, run.color, 1.0);
            self.stroker
                .disc(run.loss_points[shown], m.px(2.6), &panel_clip);
            self.stroker.flush(out, run.color, 1.0);
        }

        let dims = (self.size.width(), self.size.height());
        for run in &self.runs {
            if let Some(k) = run.diverged_at.filter(|&k| k <= step) {
                let note = if run.legend_note.is_empty() {
                    format!("diverged at step {k}")
                } else {
                    format!("{}, diverged at step {k}", run.legend_note)
                };
                let at = run.legend_note_at;
                // Cover the static note before writing the longer one.
                let (tw, th) = text::measure(&note, m.px(11.5));
                fill_rect(
                    out,
                    dims,
                    at.0 as i32 - 1,
                    (at.1 - th / 2.0) as i32 - 2,
                    tw as u32 + 4,
                    th as u32 + 4,
                    WHITE,
                );
                text::draw(
                    out,
                    dims,
                    &note,
                    at,
                    m.px(11.5),
                    DIVERGED,
                    (HPos::Left, VPos::Center),
                )?;
            }
        }
        let counter = format!("step {step} / {}", self.steps);
        text::draw(
            out,
            dims,
            &counter,
            self.counter_at,
            m.px(15.0),
            INK,
            (HPos::Left, VPos::Top),
        )?;
        Ok(())
    }
}

/// Fills a rectangle of the RGB buffer with a solid colour, clipped to the buffer.
fn fill_rect(buf: &mut [u8], (w, h): (u32, u32), x: i32, y: i32, rw: u32, rh: u32, c: Rgb) {
    let x0 = x.max(0) as u32;
    let y0 = y.max(0) as u32;
    let x1 = (x + rw as i32).clamp(0, w as i32) as u32;
    let y1 = (y + rh as i32).clamp(0, h as i32) as u32;
    for yy in y0..y1 {
        for xx in x0..x1 {
            let i = ((yy * w + xx) * 3) as usize;
            buf[i..i + 3].copy_from_slice(&c);
        }
    }
}

/// Hyperparameters other than η that differ from their defaults, e.g. `β₁ = 0.8`.
fn extras_label(config: &optim_core::OptimizerConfig) -> String {
    let defaults =
        optim_core::OptimizerConfig::with_defaults(config.kind(), config.learning_rate());
    config
        .hyperparameters()
        .into_iter()
        .zip(defaults.hyperparameters())
        .skip(1)
        .filter(|((_, v), (_, d))| v.to_bits() != d.to_bits())
        .map(|((k, v), _)| {
            let symbol = match k {
                "beta" => "β",
                "beta1" => "β₁",
                "beta2" => "β₂",
                _ => "ε",
            };
            format!("{symbol} = {}", text::number(v))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Draws the loss panel's axes and returns its plotting area in pixels.
fn loss_axes<Y>(
    area: &DrawingArea<BitMapBackend<'_, RGBPixel>, Shift>,
    m: Metrics,
    steps: usize,
    y: Y,
) -> Result<(std::ops::Range<i32>, std::ops::Range<i32>), RenderError>
where
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let mut chart = ChartBuilder::on(area)
        .margin_left(m.upx(4.0))
        .margin_right(m.upx(14.0))
        .margin_top(m.upx(6.0))
        .margin_bottom(m.upx(10.0))
        .x_label_area_size(m.upx(34.0))
        .y_label_area_size(m.upx(50.0))
        .build_cartesian_2d(0f64..(steps.max(1) as f64), y)
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(4)
        .y_labels(5)
        .x_desc("step")
        .y_desc("loss")
        .label_style(text::style(m.px(10.5), INK, HPos::Center, VPos::Center))
        .axis_desc_style(text::style(m.px(12.0), INK, HPos::Center, VPos::Center))
        .axis_style(RGBColor(INK[0], INK[1], INK[2]))
        .x_label_formatter(&|v| format!("{}", v.round() as i64))
        .y_label_formatter(&|v| text::number(*v))
        .draw()
        .map_err(draw_err)?;
    Ok(chart.plotting_area().get_pixel_range())
}

/// Colours the plot area by the surface's value and draws isolines and the plot's border.
fn draw_field(
    buf: &mut [u8],
    size: FrameSize,
    simulation: &Simulation,
    viewport: &Viewport,
    rect: &Rect,
    stroker: &mut Stroker,
    m: Metrics,
) -> ValueScale {
    let surface = simulation.scene.surface;
    let w = size.width();
    let (x0, y0, x1, y1) = (
        rect.x0 as u32,
        rect.y0 as u32,
        rect.x1 as u32,
        rect.y1 as u32,
    );
    let mut values = Vec::with_capacity(((x1 - x0) * (y1 - y0)) as usize);
    for j in y0..y1 {
        for i in x0..x1 {
            let (x, y) = viewport.to_plot(i, j);
            values.push(surface.value(x, y));
        }
    }
    let domain = simulation.scene.domain;
    let known_min = surface
        .critical_points()
        .iter()
        .filter(|p| p.kind == CriticalKind::GlobalMinimum && domain.contains(p.x, p.y))
        .map(|p| p.value)
        .reduce(f64::min);
    let scale = ValueScale::fit(&values, known_min);
    let colormap = Colormap::viridis(FIELD_LIGHTEN);
    let pw = (x1 - x0) as usize;
    for (k, &v) in values.iter().enumerate() {
        let (i, j) = (x0 + (k % pw) as u32, y0 + (k / pw) as u32);
        let at = ((j * w + i) * 3) as usize;
        buf[at..at + 3].copy_from_slice(&colormap.color(scale.normalized(v)));
    }

    // Isolines on a coarser grid, in the scale's normalized space (smooth for log scales).
    let nx = ((x1 - x0) / CONTOUR_GRID + 1) as usize;
    let ny = ((y1 - y0) / CONTOUR_GRID + 1) as usize;
    let g = f64::from(CONTOUR_GRID);
    let mut grid = Vec::with_capacity(nx * ny);
    for b in 0..ny {
        for a in 0..nx {
            let (x, y) = viewport.from_pixel(rect.x0 + a as f64 * g, rect.y0 + b as f64 * g);
            grid.push(scale.normalized(surface.value(x, y)));
        }
    }
    for level in scale.levels() {
        let u = scale.normalized(level);
        for (a, b) in isoline(&grid, nx, ny, u) {
            let p = (rect.x0 + a.0 * g, rect.y0 + a.1 * g);
            let q = (rect.x0 + b.0 * g, rect.y0 + b.1 * g);
            stroker.segment(p, q, m.px(0.55), rect);
        }
    }
    stroker.flush(buf, WHITE, 0.5);

    let border = Rect::new(rect.x0 - 1.0, rect.y0 - 1.0, rect.x1 + 1.0, rect.y1 + 1.0);
    let corners = [
        (rect.x0, rect.y0),
        (rect.x1, rect.y0),
        (rect.x1, rect.y1),
        (rect.x0, rect.y1),
        (rect.x0, rect.y0),
    ];
    stroker.polyline(corners, 0.5, &border);
    stroker.flush(buf, INK, 0.9);
    scale
}

/// Shapes of the markers.
#[derive(Debug, Clone, Copy)]
enum Marker {
    Start,
    Minimum,
    Saddle,
}

fn marker_shape(
    stroker: &mut Stroker,
    marker: Marker,
    (x, y): (f64, f64),
    r: f64,
    width: f64,
    clip: &Rect,
) {
    match marker {
        Marker::Start => stroker.ring((x, y), r, width, clip),
        Marker::Minimum => {
            stroker.segment((x - r, y), (x + r, y), width, clip);
            stroker.segment((x, y - r), (x, y + r), width, clip);
        }
        Marker::Saddle => {
            let d = r * std::f64::consts::FRAC_1_SQRT_2;
            stroker.segment((x - d, y - d), (x + d, y + d), width, clip);
            stroker.segment((x - d, y + d), (x + d, y - d), width, clip);
        }
    }
}

/// A white marker with a dark outline, readable on any part of the field.
fn draw_marker(
    buf: &mut [u8],
    stroker: &mut Stroker,
    marker: Marker,
    at: (f64, f64),
    m: Metrics,
    clip: &Rect,
) {
    let r = m.px(7.0);
    marker_shape(stroker, marker, at, r, m.px(2.3), clip);
    stroker.flush(buf, HALO, 0.75);
    marker_shape(stroker, marker, at, r, m.px(1.1), clip);
    stroker.flush(buf, WHITE, 1.0);
}

/// Marks the surface's minima and saddles inside the plot, and the start point.
fn draw_markers(
    buf: &mut [u8],
    simulation: &Simulation,
    viewport: &Viewport,
    rect: &Rect,
    stroker: &mut Stroker,
    m: Metrics,
) {
    let scene = &simulation.scene;
    for p in scene.surface.critical_points() {
        if !scene.domain.contains(p.x, p.y) {
            continue;
        }
        let marker = match p.kind {
            CriticalKind::GlobalMinimum | CriticalKind::LocalMinimum => Marker::Minimum,
            CriticalKind::Saddle => Marker::Saddle,
            CriticalKind::Maximum => continue,
        };
        draw_marker(buf, stroker, marker, viewport.to_pixel(p.x, p.y), m, rect);
    }
    let start = viewport.to_pixel(scene.start[0], scene.start[1]);
    draw_marker(buf, stroker, Marker::Start, start, m, rect);
}

/// "○ start  + minimum  × saddle" under the run legend.
fn draw_marker_legend(
    buf: &mut [u8],
    size: FrameSize,
    x: f64,
    y: f64,
    stroker: &mut Stroker,
    m: Metrics,
) -> Result<(), RenderError> {
    let full = Rect::new(0.0, 0.0, f64::from(size.width()), f64::from(size.height()));
    let mut cx = x + m.px(8.0);
    for (marker, label) in [
        (Marker::Start, "start"),
        (Marker::Minimum, "minimum"),
        (Marker::Saddle, "saddle"),
    ] {
        let r = m.px(5.0);
        let (ox, oy) = (cx, y);
        marker_shape(stroker, marker, (ox, oy), r, m.px(2.0), &full);
        stroker.flush(buf, HALO, 0.75);
        marker_shape(stroker, marker, (ox, oy), r, m.px(0.9), &full);
        stroker.flush(buf, [200, 200, 200], 1.0);
        let at = (cx + m.px(10.0), y);
        let dims = (size.width(), size.height());
        text::draw(
            buf,
            dims,
            label,
            at,
            m.px(11.5),
            INK,
            (HPos::Left, VPos::Center),
        )?;
        cx += m.px(10.0) + text::measure(label, m.px(11.5)).0 + m.px(16.0);
    }
    Ok(())
}
