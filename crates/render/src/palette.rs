//! Run colours: the Okabe–Ito palette, safe for colour-blind readers, in an order whose first
//! colours stand out best against the viridis field.

use crate::canvas::Rgb;

/// Okabe–Ito colours: vermillion, blue, reddish purple, orange, bluish green, sky blue,
/// yellow, black.
pub const OKABE_ITO: [Rgb; 8] = [
    [213, 94, 0],
    [0, 114, 178],
    [204, 121, 167],
    [230, 159, 0],
    [0, 158, 115],
    [86, 180, 233],
    [240, 228, 66],
    [0, 0, 0],
];

/// The colour of run `index` (cycling if there are more runs than colours).
pub fn run_color(index: usize) -> Rgb {
    OKABE_ITO[index % OKABE_ITO.len()]
}
