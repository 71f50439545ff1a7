//! Text in the bundled DejaVu Sans, so rendering never depends on system fonts (no
//! fontconfig, no freetype).
//!
//! The font is registered with plotters (ab_glyph feature) for the axes it draws. Labels placed
//! by this crate are laid out here with the same font through `ab_glyph`, because plotters'
//! ab_glyph text path drops each glyph's left side bearing (a "1" sits a pixel or two left of
//! where it belongs, leaving a gap after it).

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, Glyph, GlyphId, PxScale, ScaleFont, point};
use plotters::prelude::{FontStyle, IntoFont, RGBColor, TextStyle};
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::RenderError;
use crate::canvas::Rgb;

/// The family name the bundled font is registered under.
pub const FAMILY: &str = "optim-anim-sans";

static FONT_BYTES: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// Registers the bundled font with plotters once per process.
pub fn ensure_font() -> Result<(), RenderError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, FONT_BYTES).is_ok()
    });
    if ok { Ok(()) } else { Err(RenderError::Font) }
}

/// A text style in the bundled font.
pub fn style(px: f64, color: Rgb, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle {
        font: (FAMILY, px).into_font(),
        color: RGBColor(color[0], color[1], color[2]).to_backend_color(),
        pos: Pos::new(h, v),
    }
}

/// The bundled font, parsed once.
fn font() -> Result<&'static FontRef<'static>, RenderError> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).ok())
        .as_ref()
        .ok_or(RenderError::Font)
}

/// Laid-out glyphs of one line of text at `px` pixels, with the caret starting at x = 0 and
/// the baseline at y = 0; returns them with the line's advance width.
fn layout(font: &FontRef<'static>, text: &str, px: f32) -> (Vec<Glyph>, f32) {
    let scaled = font.as_scaled(PxScale::from(px));
    let mut caret = 0.0f32;
    let mut prev: Option<GlyphId> = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            caret += scaled.kern(p, id);
        }
        glyphs.push(id.with_scale_and_position(px, point(caret, 0.0)));
        caret += scaled.h_advance(id);
        prev = Some(id);
    }
    (glyphs, caret)
}

/// Width and height in pixels of one line of `text` at `px` pixels (height: ascent + descent).
pub fn measure(text: &str, px: f64) -> (f64, f64) {
    match font() {
        Ok(f) => {
            let (_, width) = layout(f, text, px as f32);
            let scaled = f.as_scaled(PxScale::from(px as f32));
            (
                f64::from(width),
                f64::from(scaled.ascent() - scaled.descent()),
            )
        }
        Err(_) => (0.0, 0.0),
    }
}

/// Draws one line of `text` at `px` pixels onto an RGB buffer of `width` × `height`, with the
/// anchor `(h, v)` of its box at `at`. Glyphs are placed with their side bearings and kerning
/// and blended by coverage; anything outside the buffer is clipped.
pub fn draw(
    buf: &mut [u8],
    (width, height): (u32, u32),
    text: &str,
    at: (f64, f64),
    px: f64,
    color: Rgb,
    (h, v): (HPos, VPos),
) -> Result<(), RenderError> {
    let f = font()?;
    let (glyphs, advance) = layout(f, text, px as f32);
    let scaled = f.as_scaled(PxScale::from(px as f32));
    let (ascent, descent) = (f64::from(scaled.ascent()), f64::from(scaled.descent()));
    let left = match h {
        HPos::Left => at.0,
        HPos::Center => at.0 - f64::from(advance) / 2.0,
        HPos::Right => at.0 - f64::from(advance),
    };
    let baseline = match v {
        VPos::Top => at.1 + ascent,
        VPos::Center => at.1 + (ascent + descent) / 2.0,
        VPos::Bottom => at.1 + descent,
    };
    // Whole-pixel origin keeps glyphs crisp and identical wherever the text is drawn.
    let (ox, oy) = (left.round() as i64, baseline.round() as i64);
    for glyph in glyphs {
        let Some(outlined) = f.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        let (bx, by) = (bounds.min.x as i64, bounds.min.y as i64);
        outlined.draw(|gx, gy, coverage| {
            let x = ox + bx + i64::from(gx);
            let y = oy + by + i64::from(gy);
            if x >= 0 && y >= 0 && x < i64::from(width) && y < i64::from(height) {
                let i = ((y as usize) * width as usize + x as usize) * 3;
                crate::canvas::blend(buf, i, color, coverage);
            }
        });
    }
    Ok(())
}

/// A short form of a number for labels: `0.05`, `1e-8`, `2.5e4`.
pub fn number(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if (1e-4..1e4).contains(&a) {
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_owned()
    } else {
        format!("{v:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(0.05), "0.05");
        assert_eq!(number(0.001), "0.001");
        assert_eq!(number(0.0005), "0.0005");
        assert_eq!(number(5e-5), "5e-5");
        assert_eq!(number(1.0), "1");
        assert_eq!(number(-2.5), "-2.5");
        assert_eq!(number(1e-8), "1e-8");
        assert_eq!(number(25000.0), "2.5e4");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn bundled_font_registers_and_measures() {
        ensure_font().unwrap();
        let (w, h) = measure("step 10 / 300", 20.0);
        assert!(w > 60.0 && w < 200.0, "{w}");
        assert!(h > 15.0 && h < 30.0, "{h}");
        // Wider text measures wider.
        assert!(measure("step 1000 / 1000", 20.0).0 > w);
    }

    /// Columns `[first, last]` holding ink in a white buffer.
    fn ink_columns(buf: &[u8], w: u32) -> (u32, u32) {
        let cols: Vec<u32> = buf
            .chunks(3)
            .enumerate()
            .filter(|(_, p)| p[0] < 200)
            .map(|(i, _)| i as u32 % w)
            .collect();
        (*cols.iter().min().unwrap(), *cols.iter().max().unwrap())
    }

    #[test]
    fn draws_ink_inside_its_measured_box_at_every_anchor() {
        let (w, h) = (240u32, 60u32);
        let (tw, _) = measure("ηx² 1000", 24.0);
        for (anchor, left) in [
            (HPos::Left, 20.0),
            (HPos::Center, 120.0 - tw / 2.0),
            (HPos::Right, 220.0 - tw),
        ] {
            let mut buf = vec![255u8; (w * h * 3) as usize];
            let x = match anchor {
                HPos::Left => 20.0,
                HPos::Center => 120.0,
                HPos::Right => 220.0,
            };
            draw(
                &mut buf,
                (w, h),
                "ηx² 1000",
                (x, 10.0),
                24.0,
                [0, 0, 0],
                (anchor, VPos::Top),
            )
            .unwrap();
            let (first, last) = ink_columns(&buf, w);
            assert!(
                f64::from(first) >= left - 1.0 && f64::from(first) <= left + 4.0,
                "{first} vs {left}"
            );
            assert!(
                f64::from(last) <= left + tw + 1.0,
                "{last} vs {}",
                left + tw
            );
        }
    }

    #[test]
    fn a_one_keeps_its_side_bearing() {
        // "1" is narrower than its advance: its ink starts well right of the caret.
        let (w, h) = (60u32, 40u32);
        let mut buf = vec![255u8; (w * h * 3) as usize];
        draw(
            &mut buf,
            (w, h),
            "1",
            (10.0, 5.0),
            24.0,
            [0, 0, 0],
            (HPos::Left, VPos::Top),
        )
        .unwrap();
        let (first, last) = ink_columns(&buf, w);
        let advance = measure("1", 24.0).0;
        let centre = f64::from(first + last) / 2.0;
        assert!(
            (centre - (10.0 + advance / 2.0)).abs() < 2.0,
            "ink centre {centre}, cell centre {}",
            10.0 + advance / 2.0
        );
    }

    #[test]
    fn text_off_the_buffer_is_clipped_not_a_panic() {
        let mut buf = vec![255u8; 10 * 10 * 3];
        draw(
            &mut buf,
            (10, 10),
            "far away",
            (-500.0, -500.0),
            30.0,
            [0, 0, 0],
            (HPos::Left, VPos::Top),
        )
        .unwrap();
        draw(
            &mut buf,
            (10, 10),
            "edge",
            (5.0, 5.0),
            30.0,
            [0, 0, 0],
            (HPos::Left, VPos::Top),
        )
        .unwrap();
    }
}
