//! Frames are correct to the pixel, identical on every run and with any number of threads.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use integration_tests::{README_SCENES, TOO_FAST, scene_path, simulate_builtin};
use rayon::prelude::*;
use render::{FrameSize, Renderer};
use scene::{Scene, Simulation};

fn pixel(buf: &[u8], width: u32, (x, y): (u32, u32)) -> [u8; 3] {
    let i = ((y * width + x) * 3) as usize;
    [buf[i], buf[i + 1], buf[i + 2]]
}

fn renderer(sim: &Simulation) -> Renderer {
    Renderer::new(sim).unwrap()
}

/// Pixel position of run `r`'s point `k`.
fn head_pixel(renderer: &Renderer, sim: &Simulation, r: usize, k: usize) -> (f64, f64) {
    let p = sim.runs[r].trajectory.point(k).unwrap();
    renderer.viewport().to_pixel(p[0], p[1])
}

#[test]
fn each_head_dot_has_its_colour_at_the_pixel_its_coordinates_map_to() {
    for file in README_SCENES {
        let sim = simulate_builtin(file);
        let mut r = renderer(&sim);
        let width = r.size().width();
        let mut frame = Vec::new();
        for run in 0..sim.runs.len() {
            // The first step (after a few) at which this head is clear of every other head.
            let step = (5..=sim.scene.steps)
                .find(|&k| {
                    let me = head_pixel(&r, &sim, run, k);
                    (0..sim.runs.len()).filter(|&o| o != run).all(|o| {
                        let other = head_pixel(&r, &sim, o, k);
                        (me.0 - other.0).hypot(me.1 - other.1) > 14.0
                    }) && r.plot_rect().contains(me.0, me.1)
                })
                .unwrap_or_else(|| panic!("{file}: run {run} never clear of the others"));
            r.render_step(step, &mut frame).unwrap();
            let (x, y) = head_pixel(&r, &sim, run, step);
            let got = pixel(&frame, width, (x as u32, y as u32));
            assert_eq!(
                Some(got),
                r.run_color(run),
                "{file} run {run} step {step} at ({x}, {y})"
            );
        }
    }
}

#[test]
fn a_background_pixel_far_from_every_path_never_changes() {
    let sim = simulate_builtin("saddle-point.toml");
    let mut r = renderer(&sim);
    let width = r.size().width();
    // The plot's bottom-right corner region is far from every trajectory here.
    let rect = r.plot_rect();
    let probe = ((rect.x1 - 12.0) as u32, (rect.y1 - 12.0) as u32);
    for run in &sim.runs {
        for p in run.trajectory.points() {
            let (x, y) = r.viewport().to_pixel(p[0], p[1]);
            assert!((x - f64::from(probe.0)).hypot(y - f64::from(probe.1)) > 30.0);
        }
    }
    let expected = pixel(r.background(), width, probe);
    let mut frame = Vec::new();
    for f in (0..r.timeline().len()).step_by(7) {
        r.render_frame(f, &mut frame).unwrap();
        assert_eq!(pixel(&frame, width, probe), expected, "frame {f}");
    }
}

#[test]
fn legend_swatches_have_the_run_colours() {
    let sim = simulate_builtin("peaks-and-valleys.toml");
    let mut r = renderer(&sim);
    let width = r.size().width();
    let mut frame = Vec::new();
    r.render_frame(0, &mut frame).unwrap();
    let mut seen = Vec::new();
    for i in 0..sim.runs.len() {
        let c = pixel(&frame, width, r.legend_swatch(i).unwrap());
        assert_eq!(Some(c), r.run_color(i), "swatch {i}");
        seen.push(c);
    }
    seen.dedup();
    assert_eq!(seen.len(), sim.runs.len(), "runs share a colour");
}

#[test]
fn frames_are_byte_identical_across_runs_and_thread_counts() {
    let sim = simulate_builtin("narrow-valley.toml");
    let r = renderer(&sim);
    let frames: Vec<usize> = (0..r.timeline().len()).step_by(23).collect();
    let render_all = |threads: usize| -> Vec<Vec<u8>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            frames
                .par_iter()
                .map_init(
                    || renderer(&sim),
                    |r, &f| {
                        let mut out = Vec::new();
                        r.render_frame(f, &mut out).unwrap();
                        out
                    },
                )
                .collect()
        })
    };
    let sequential: Vec<Vec<u8>> = {
        let mut r = renderer(&sim);
        frames
            .iter()
            .map(|&f| {
                let mut out = Vec::new();
                r.render_frame(f, &mut out).unwrap();
                out
            })
            .collect()
    };
    assert_eq!(render_all(1), sequential);
    assert_eq!(render_all(3), sequential);
    // Trails grow from frame to frame; jumping backwards redraws them and gives the same bytes.
    let mut backwards = renderer(&sim);
    for (i, &f) in frames.iter().enumerate().rev() {
        let mut out = Vec::new();
        backwards.render_frame(f, &mut out).unwrap();
        assert!(
            out == sequential[i],
            "frame {f} differs when rendered backwards"
        );
    }
    // A fresh simulation and renderer give the same bytes again.
    let again = renderer(&simulate_builtin("narrow-valley.toml"));
    assert_eq!(again.background(), r.background());
}

#[test]
fn odd_or_zero_sizes_are_refused() {
    let sim = simulate_builtin("smooth-valley.toml");
    for (w, h) in [(801, 600), (800, 599), (0, 600), (800, 0)] {
        assert!(FrameSize::new(w, h).is_err(), "{w}x{h}");
    }
    let small = Renderer::with_size(&sim, FrameSize::new(320, 240).unwrap()).unwrap();
    assert_eq!(small.background().len(), 320 * 240 * 3);
    let text = std::fs::read_to_string(scene_path("smooth-valley.toml")).unwrap();
    let odd = text.replace("steps = 300", "steps = 300\nwidth = 641");
    let e = Scene::from_toml(&odd, "odd.toml").unwrap_err();
    assert!(e.message.contains("even"), "{e}");
}

#[test]
fn a_diverging_run_draws_nothing_outside_the_plot() {
    let scene = Scene::from_toml(TOO_FAST, "too-fast.toml").unwrap();
    let sim = scene::simulate(&scene).unwrap();
    let k = sim.runs[0].trajectory.status().diverged_at().unwrap();
    let mut r = renderer(&sim);
    let (w, h) = (r.size().width(), r.size().height());
    let rect = r.plot_rect();
    let bg = r.background().to_vec();
    let mut frame = Vec::new();
    // Every step around the divergence and the end, in the main area (left of the plot's right
    // edge plus the margin): only pixels inside the plot may change.
    for step in [k.saturating_sub(2), k - 1, k, k + 1, 120] {
        r.render_step(step, &mut frame).unwrap();
        for y in 0..h {
            for x in 0..(rect.x1 as u32 + 10).min(w) {
                let (cx, cy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
                if rect.contains(cx, cy) {
                    continue;
                }
                assert_eq!(
                    pixel(&frame, w, (x, y)),
                    pixel(&bg, w, (x, y)),
                    "step {step}: pixel ({x}, {y}) outside the plot changed"
                );
            }
        }
    }
}

#[test]
fn the_legend_says_when_a_run_diverged() {
    let scene = Scene::from_toml(TOO_FAST, "too-fast.toml").unwrap();
    let sim = scene::simulate(&scene).unwrap();
    let k = sim.runs[0].trajectory.status().diverged_at().unwrap();
    let mut r = renderer(&sim);
    let (mut before, mut after) = (Vec::new(), Vec::new());
    r.render_step(k - 1, &mut before).unwrap();
    r.render_step(k, &mut after).unwrap();
    // The note is drawn in dark red under the legend entry only once the step is reached.
    let reddish = |buf: &[u8]| {
        buf.chunks(3)
            .filter(|p| p[0] > 140 && p[1] < 80 && p[2] < 80)
            .count()
    };
    assert!(
        reddish(&after) > reddish(&before) + 30,
        "{} vs {}",
        reddish(&after),
        reddish(&before)
    );
}

#[test]
fn the_loss_panel_is_logarithmic_exactly_where_every_loss_is_positive() {
    for file in README_SCENES {
        let sim = simulate_builtin(file);
        let positive = sim
            .runs
            .iter()
            .all(|r| r.trajectory.losses().iter().all(|&l| l > 0.0));
        assert_eq!(renderer(&sim).loss_panel_is_log(), positive, "{file}");
    }
    // Smooth Valley and Narrow Valley are positive; Saddle Point and Peaks go negative.
    assert!(renderer(&simulate_builtin("narrow-valley.toml")).loss_panel_is_log());
    assert!(!renderer(&simulate_builtin("peaks-and-valleys.toml")).loss_panel_is_log());
}
