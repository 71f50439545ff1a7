//! Frames of a simulated scene as RGB pixels.
//!
//! The renderer turns a [`scene::Simulation`] into frames; it never touches files or
//! processes (writing PNGs, GIFs and MP4s is the xtask's job).

mod viewport;

pub use viewport::{FrameSize, SizeError, Viewport};
