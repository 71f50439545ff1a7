//! Antialiased strokes and discs on an RGB buffer, with coverage accumulated per shape so that
//! overlapping segments of one polyline never darken their joints.

/// An RGB colour.
pub type Rgb = [u8; 3];

/// An axis-aligned rectangle in continuous pixel coordinates; pixel (i, j) covers
/// `[i, i + 1) × [j, j + 1)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// The rectangle with these edges.
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        Self { x0, y0, x1, y1 }
    }

    /// Whether the point lies inside (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        self.x0 <= x && x <= self.x1 && self.y0 <= y && y <= self.y1
    }

    fn grown(&self, by: f64) -> Self {
        Self::new(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)
    }
}

/// Blends `color` over the pixel at byte offset `i` with opacity `alpha` in [0, 1].
#[inline]
pub fn blend(buf: &mut [u8], i: usize, color: Rgb, alpha: f32) {
    let a = alpha.clamp(0.0, 1.0);
    for (k, &c) in color.iter().enumerate() {
        let old = f32::from(buf[i + k]);
        buf[i + k] = (old + (f32::from(c) - old) * a).round() as u8;
    }
}

/// Clips segment a→b to `r` (Liang–Barsky); `None` when it misses the rectangle.
fn clip_segment(a: (f64, f64), b: (f64, f64), r: &Rect) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a.0 - r.x0),
        (dx, r.x1 - a.0),
        (-dy, a.1 - r.y0),
        (dy, r.y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

/// Accumulates the coverage of one shape (a polyline, a disc, a ring) as the maximum over its
/// parts, then blends it onto a buffer in one pass.
///
/// Coverage is kept in 1/255 steps (one byte a pixel). Because a maximum does not depend on
/// the order of its terms, a shape built up over many calls is exactly the same as one built
/// at once, which lets trails grow frame by frame.
#[derive(Debug, Clone)]
pub struct Stroker {
    width: usize,
    height: usize,
    coverage: Vec<u8>,
    touched: Vec<u32>,
}

impl Stroker {
    /// A stroker for buffers of `width` × `height` pixels.
    pub fn new(width: u32, height: u32) -> Self {
        let (width, height) = (width as usize, height as usize);
        Self {
            width,
            height,
            coverage: vec![0; width * height],
            touched: Vec::new(),
        }
    }

    #[inline]
    fn cover(&mut self, x: usize, y: usize, c: f64) {
        let c = (c * 255.0).round() as u8;
        let i = y * self.width + x;
        let old = self.coverage[i];
        if c > old {
            if old == 0 {
                self.touched.push(i as u32);
            }
            self.coverage[i] = c;
        }
    }

    /// Forgets the shape.
    pub fn clear(&mut self) {
        for &i in &self.touched {
            self.coverage[i as usize] = 0;
        }
        self.touched.clear();
    }

    /// Blends the union (per-pixel maximum) of this shape and `transient` in `color` at
    /// `opacity`, then clears `transient`; this shape is kept.
    pub fn blend_union(&self, transient: &mut Stroker, buf: &mut [u8], color: Rgb, opacity: f32) {
        let alpha = |c: u8| f32::from(c) / 255.0 * opacity;
        for &i in &self.touched {
            let i = i as usize;
            let c = self.coverage[i].max(transient.coverage[i]);
            blend(buf, i * 3, color, alpha(c));
        }
        for &i in &transient.touched {
            let i = i as usize;
            if self.coverage[i] == 0 {
                blend(buf, i * 3, color, alpha(transient.coverage[i]));
            }
        }
        transient.clear();
    }

    /// Pixel index range `[lo, hi)` of pixel centres inside `clip` along one axis.
    fn span(lo: f64, hi: f64, clip_lo: f64, clip_hi: f64, limit: usize) -> (usize, usize) {
        let a = lo.max(clip_lo - 0.5).floor().max(0.0);
        let b = (hi.min(clip_hi - 0.5).ceil() + 1.0).clamp(0.0, limit as f64);
        (a as usize, (b as usize).max(a as usize))
    }

    /// Covers every pixel whose centre lies both in `clip` and in the box `[x0, x1] × [y0, y1]`
    /// with `coverage(px, py)` (at most 1; nothing where it is 0 or less).
    fn cover_area(
        &mut self,
        (x0, x1, y0, y1): (f64, f64, f64, f64),
        clip: &Rect,
        coverage: impl Fn(f64, f64) -> f64,
    ) {
        let (x_lo, x_hi) = Self::span(x0, x1, clip.x0, clip.x1, self.width);
        let (y_lo, y_hi) = Self::span(y0, y1, clip.y0, clip.y1, self.height);
        for y in y_lo..y_hi {
            let py = y as f64 + 0.5;
            if py < clip.y0 || py > clip.y1 {
                continue;
            }
            for x in x_lo..x_hi {
                let px = x as f64 + 0.5;
                if px < clip.x0 || px > clip.x1 {
                    continue;
                }
                let c = coverage(px, py).min(1.0);
                if c > 0.0 {
                    self.cover(x, y, c);
                }
            }
        }
    }

    /// Adds a round-capped segment of half-width `radius` from `a` to `b`, clipped to `clip`.
    pub fn segment(&mut self, a: (f64, f64), b: (f64, f64), radius: f64, clip: &Rect) {
        if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
            return;
        }
        let reach = radius + 1.0;
        let Some((a, b)) = clip_segment(a, b, &clip.grown(reach)) else {
            return;
        };
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let bounds = (
            a.0.min(b.0) - reach,
            a.0.max(b.0) + reach,
            a.1.min(b.1) - reach,
            a.1.max(b.1) + reach,
        );
        self.cover_area(bounds, clip, |px, py| {
            let t = if len2 > 0.0 {
                (((px - a.0) * dx + (py - a.1) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (cx, cy) = (a.0 + t * dx - px, a.1 + t * dy - py);
            radius + 0.5 - (cx * cx + cy * cy).sqrt()
        });
    }

    /// Adds a polyline through `points` with half-width `radius`, clipped to `clip`.
    pub fn polyline<I: IntoIterator<Item = (f64, f64)>>(
        &mut self,
        points: I,
        radius: f64,
        clip: &Rect,
    ) {
        let mut prev: Option<(f64, f64)> = None;
        for p in points {
            match prev {
                Some(q) => self.segment(q, p, radius, clip),
                None => self.segment(p, p, radius, clip),
            }
            prev = Some(p);
        }
    }

    /// Adds a filled disc.
    pub fn disc(&mut self, centre: (f64, f64), radius: f64, clip: &Rect) {
        self.segment(centre, centre, radius, clip);
    }

    /// Adds a ring (circle outline) of half-width `half_width` at distance `radius` from `centre`.
    pub fn ring(&mut self, centre: (f64, f64), radius: f64, half_width: f64, clip: &Rect) {
        let reach = radius + half_width + 1.0;
        let bounds = (
            centre.0 - reach,
            centre.0 + reach,
            centre.1 - reach,
            centre.1 + reach,
        );
        self.cover_area(bounds, clip, |px, py| {
            half_width + 0.5 - ((px - centre.0).hypot(py - centre.1) - radius).abs()
        });
    }

    /// Blends the accumulated shape in `color` at `opacity` onto `buf` (RGB, same size) and
    /// clears the coverage for the next shape.
    pub fn flush(&mut self, buf: &mut [u8], color: Rgb, opacity: f32) {
        // Each pixel is blended once, so the order of `touched` does not matter.
        for &i in &self.touched {
            let i = i as usize;
            blend(
                buf,
                i * 3,
                color,
                f32::from(self.coverage[i]) / 255.0 * opacity,
            );
            self.coverage[i] = 0;
        }
        self.touched.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(w: u32, h: u32) -> Rect {
        Rect::new(0.0, 0.0, f64::from(w), f64::from(h))
    }

    #[test]
    fn horizontal_segment_covers_its_pixels_fully() {
        let mut s = Stroker::new(20, 10);
        let mut buf = vec![0u8; 20 * 10 * 3];
        s.segment((2.0, 5.0), (17.0, 5.0), 1.0, &full(20, 10));
        s.flush(&mut buf, [255, 0, 0], 1.0);
        // Pixel (10, 4) has its centre 0.5 from the line: fully inside a half-width of 1.
        assert_eq!(&buf[(4 * 20 + 10) * 3..][..3], &[255, 0, 0]);
        assert_eq!(&buf[(5 * 20 + 10) * 3..][..3], &[255, 0, 0]);
        // Pixel (10, 2) is 2.5 away: untouched.
        assert_eq!(&buf[(2 * 20 + 10) * 3..][..3], &[0, 0, 0]);
        // The coverage is cleared after a flush.
        assert!(s.touched.is_empty() && s.coverage.iter().all(|&c| c == 0));
    }

    #[test]
    fn overlapping_segments_do_not_double_blend() {
        let clip = full(20, 20);
        let mut a = Stroker::new(20, 20);
        let mut one = vec![0u8; 20 * 20 * 3];
        a.segment((5.0, 5.0), (15.0, 15.0), 1.5, &clip);
        a.flush(&mut one, [200, 100, 50], 0.5);
        let mut b = Stroker::new(20, 20);
        let mut many = vec![0u8; 20 * 20 * 3];
        b.polyline(
            [(5.0, 5.0), (10.0, 10.0), (10.0, 10.0), (15.0, 15.0)],
            1.5,
            &clip,
        );
        b.flush(&mut many, [200, 100, 50], 0.5);
        assert_eq!(one, many);
    }

    #[test]
    fn a_shape_grown_in_parts_equals_one_drawn_at_once() {
        let clip = full(40, 40);
        let pts = [
            (3.0, 4.0),
            (10.5, 9.0),
            (20.0, 8.2),
            (33.0, 30.0),
            (12.0, 35.0),
        ];
        let mut whole = Stroker::new(40, 40);
        whole.polyline(pts, 1.7, &clip);
        let mut once = vec![255u8; 40 * 40 * 3];
        whole.flush(&mut once, [10, 120, 200], 0.8);

        // Persistent part: the first three segments, added one call at a time in reverse;
        // transient part: the last segment.
        let mut kept = Stroker::new(40, 40);
        for w in pts[..4].windows(2).rev() {
            kept.segment(w[0], w[1], 1.7, &clip);
        }
        kept.segment(pts[0], pts[0], 1.7, &clip);
        let mut transient = Stroker::new(40, 40);
        transient.segment(pts[3], pts[4], 1.7, &clip);
        let mut parts = vec![255u8; 40 * 40 * 3];
        kept.blend_union(&mut transient, &mut parts, [10, 120, 200], 0.8);
        assert_eq!(once, parts);
        assert!(
            transient.touched.is_empty(),
            "the transient shape is cleared"
        );
        kept.clear();
        assert!(kept.coverage.iter().all(|&c| c == 0));
    }

    #[test]
    fn nothing_is_drawn_outside_the_clip() {
        let mut s = Stroker::new(30, 30);
        let mut buf = vec![0u8; 30 * 30 * 3];
        let clip = Rect::new(10.0, 10.0, 20.0, 20.0);
        s.segment((-1e9, 15.0), (1e9, 15.0), 3.0, &clip);
        s.disc((25.0, 25.0), 4.0, &clip);
        s.flush(&mut buf, [255, 255, 255], 1.0);
        for y in 0..30 {
            for x in 0..30 {
                let lit = buf[(y * 30 + x) * 3] > 0;
                let inside = (10..20).contains(&x) && (10..20).contains(&y);
                assert!(!lit || inside, "pixel ({x}, {y}) drawn outside the clip");
            }
        }
        assert!(buf[(15 * 30 + 15) * 3] == 255);
    }

    #[test]
    fn non_finite_points_draw_nothing() {
        let mut s = Stroker::new(10, 10);
        s.segment((f64::NAN, 1.0), (5.0, 5.0), 1.0, &full(10, 10));
        s.segment((1.0, 1.0), (f64::INFINITY, 5.0), 1.0, &full(10, 10));
        assert!(s.touched.is_empty());
    }

    #[test]
    fn disc_and_ring() {
        let mut s = Stroker::new(21, 21);
        let mut buf = vec![0u8; 21 * 21 * 3];
        s.ring((10.5, 10.5), 6.0, 0.75, &full(21, 21));
        s.flush(&mut buf, [0, 255, 0], 1.0);
        assert_eq!(buf[(10 * 21 + 10) * 3 + 1], 0, "ring centre stays empty");
        assert_eq!(
            buf[(10 * 21 + 16) * 3 + 1],
            255,
            "ring passes 6 px right of centre"
        );
        s.disc((10.5, 10.5), 3.0, &full(21, 21));
        s.flush(&mut buf, [0, 0, 255], 1.0);
        assert_eq!(buf[(10 * 21 + 10) * 3 + 2], 255);
    }

    #[test]
    fn liang_barsky_clips_and_rejects() {
        let r = Rect::new(0.0, 0.0, 10.0, 10.0);
        assert_eq!(
            clip_segment((-5.0, 5.0), (15.0, 5.0), &r),
            Some(((0.0, 5.0), (10.0, 5.0)))
        );
        assert_eq!(clip_segment((-5.0, -5.0), (-1.0, 20.0), &r), None);
    }
}
