//! Frame sizes and the mapping between plot coordinates and pixels.

use surfaces::Domain;

/// Why a frame size was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    /// Width or height is zero or odd (video encoders need even sizes).
    #[error(
        "frame size {width}x{height} is not allowed: width and height must be even and greater than 0"
    )]
    NotEven {
        /// The width asked for.
        width: u32,
        /// The height asked for.
        height: u32,
    },
}

/// A frame's width and height in pixels, both even and non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FrameSize {
    width: u32,
    height: u32,
}

impl FrameSize {
    /// Checks that both sides are even and non-zero.
    pub fn new(width: u32, height: u32) -> Result<Self, SizeError> {
        if width == 0 || height == 0 || width % 2 == 1 || height % 2 == 1 {
            Err(SizeError::NotEven { width, height })
        } else {
            Ok(Self { width, height })
        }
    }

    /// Width in pixels.
    pub fn width(self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(self) -> u32 {
        self.height
    }

    /// Bytes of one RGB frame.
    pub fn rgb_len(self) -> usize {
        self.width as usize * self.height as usize * 3
    }
}

/// Maps a domain onto a pixel rectangle, y growing upwards in the plot and downwards on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    domain: Domain,
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl Viewport {
    /// The domain drawn into the pixel rectangle at (`left`, `top`) of `width` × `height`.
    pub fn new(domain: Domain, left: u32, top: u32, width: u32, height: u32) -> Self {
        Self {
            domain,
            left: f64::from(left),
            top: f64::from(top),
            width: f64::from(width),
            height: f64::from(height),
        }
    }

    /// The domain shown.
    pub fn domain(&self) -> Domain {
        self.domain
    }

    /// Continuous pixel coordinates of plot point (x, y); pixel (i, j) covers [i, i+1) × [j, j+1).
    pub fn to_pixel(&self, x: f64, y: f64) -> (f64, f64) {
        let d = &self.domain;
        (
            self.left + (x - d.x_min) / d.width() * self.width,
            self.top + (d.y_max - y) / d.height() * self.height,
        )
    }

    /// The plot point at continuous pixel coordinates (px, py).
    pub fn from_pixel(&self, px: f64, py: f64) -> (f64, f64) {
        let d = &self.domain;
        (
            d.x_min + (px - self.left) / self.width * d.width(),
            d.y_max - (py - self.top) / self.height * d.height(),
        )
    }

    /// The plot point at the centre of pixel (i, j).
    pub fn to_plot(&self, i: u32, j: u32) -> (f64, f64) {
        let d = &self.domain;
        let px = f64::from(i) + 0.5 - self.left;
        let py = f64::from(j) + 0.5 - self.top;
        (
            d.x_min + px / self.width * d.width(),
            d.y_max - py / self.height * d.height(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_must_be_even_and_non_zero() {
        assert!(FrameSize::new(800, 600).is_ok());
        for (w, h) in [(0, 600), (800, 0), (801, 600), (800, 599), (1, 1)] {
            assert_eq!(
                FrameSize::new(w, h),
                Err(SizeError::NotEven {
                    width: w,
                    height: h
                })
            );
        }
        assert_eq!(FrameSize::new(4, 2).unwrap().rgb_len(), 24);
    }

    #[test]
    fn corners_and_centres_map_both_ways() {
        let v = Viewport::new(Domain::new(-2.0, 2.0, -1.0, 3.0), 10, 20, 400, 200);
        assert_eq!(v.to_pixel(-2.0, 3.0), (10.0, 20.0));
        assert_eq!(v.to_pixel(2.0, -1.0), (410.0, 220.0));
        assert_eq!(v.to_pixel(0.0, 1.0), (210.0, 120.0));
        // Pixel (10, 20) is the top-left one; its centre is half a pixel in.
        let (x, y) = v.to_plot(10, 20);
        assert!((x - (-2.0 + 0.005)).abs() < 1e-12 && (y - (3.0 - 0.01)).abs() < 1e-12);
    }
}
