//! Frames of a simulated scene as RGB pixels, drawn with plotters.
//!
//! [`Renderer::new`] draws the static layer once per scene (the surface as a smooth viridis
//! field with isolines, axes, the title, markers for the start, minima and saddles, the
//! legend and the loss panel's axes); [`Renderer::render_frame`] copies it and draws only what
//! moves (the trails, their heads, the loss curves and the step counter). Text comes from the
//! bundled DejaVu Sans, so rendering never depends on system fonts.
//!
//! This crate returns pixels only: it never touches files, processes or ffmpeg.

mod canvas;
mod field;
mod palette;
mod renderer;
mod text;
mod timeline;
mod viewport;

pub use canvas::{Rect, Rgb};
pub use field::{Scale, ValueScale};
pub use palette::{OKABE_ITO, run_color};
pub use renderer::Renderer;
pub use timeline::{HOLD_SECONDS, Timeline};
pub use viewport::{FrameSize, SizeError, Viewport};

/// The renderer's version: bumped whenever the same scene would be drawn differently, so
/// images made before count as stale.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+frames.2");

/// Why a scene could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// The frame size is unusable.
    #[error(transparent)]
    Size(#[from] SizeError),
    /// The bundled font could not be loaded.
    #[error("the bundled font could not be loaded")]
    Font,
    /// Plotters refused to draw (for example a frame too small for its labels).
    #[error("drawing failed: {0}")]
    Draw(String),
}
