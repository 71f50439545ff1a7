//! The validated scene model.

use optim_core::OptimizerConfig;
use surfaces::{Domain, Surface};

/// A validated scene: every value is in range and the start lies inside the domain.
#[derive(Clone)]
pub struct Scene {
    /// Shown above the plot and used for file names (`Peaks and Valleys`).
    pub title: String,
    /// The loss surface.
    pub surface: &'static dyn Surface,
    /// The plotted domain (the surface's default unless the file sets `domain`).
    pub domain: Domain,
    /// Where every run starts.
    pub start: [f64; 2],
    /// How many updates each run applies.
    pub steps: usize,
    /// One optimizer configuration per run, in file order.
    pub runs: Vec<OptimizerConfig>,
    /// How the scene is filmed.
    pub video: Video,
}

impl std::fmt::Debug for Scene {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scene")
            .field("title", &self.title)
            .field("surface", &self.surface.name())
            .field("domain", &self.domain)
            .field("start", &self.start)
            .field("steps", &self.steps)
            .field("runs", &self.runs)
            .field("video", &self.video)
            .finish()
    }
}

impl Scene {
    /// The file stem of the scene's video, by the seed's rule: spaces become underscores
    /// (`Peaks and Valleys` → `Peaks_and_Valleys`).
    pub fn video_stem(&self) -> String {
        self.title.replace(' ', "_")
    }

    /// The GIF's file name by the seed's rule: the video stem without underscores
    /// (`Peaks_and_Valleys` → `PeaksandValleys.gif`).
    pub fn gif_name(&self) -> String {
        format!("{}.gif", self.video_stem().replace('_', ""))
    }

    /// The MP4's file name: `animation_<video stem>.mp4`.
    pub fn mp4_name(&self) -> String {
        format!("animation_{}.mp4", self.video_stem())
    }

    /// The region a run must stay inside: the domain scaled ten times about its centre.
    /// Leaving it counts as divergence.
    pub fn escape_region(&self) -> Domain {
        self.domain.scaled(10.0)
    }
}

/// How a scene is filmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Video {
    /// Animated frames over which the steps are spread (the held last frame not counted).
    pub frames: u32,
    /// Frames per second.
    pub fps: u32,
    /// Frame width in pixels (even).
    pub width: u32,
    /// Frame height in pixels (even).
    pub height: u32,
}

impl Default for Video {
    fn default() -> Self {
        Self {
            frames: 300,
            fps: 30,
            width: 800,
            height: 600,
        }
    }
}

/// The ranges a scene file's numbers must lie in.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest `steps`.
    pub max_steps: u32,
    /// Largest `frames`.
    pub max_frames: u32,
    /// Largest `fps` (GIF delays are whole hundredths of a second; browsers slow anything
    /// faster than 50 fps).
    pub max_fps: u32,
    /// Smallest and largest `width`.
    pub width: (u32, u32),
    /// Smallest and largest `height`.
    pub height: (u32, u32),
    /// Most `[[runs]]` (one per colour of the palette).
    pub max_runs: usize,
    /// Longest `title`, in characters.
    pub max_title_chars: usize,
}

/// The limits every scene is checked against.
pub const LIMITS: Limits = Limits {
    max_steps: 100_000,
    max_frames: 3_000,
    max_fps: 50,
    width: (320, 3840),
    height: (240, 2160),
    max_runs: 8,
    max_title_chars: 80,
};
