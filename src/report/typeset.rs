//! How many lines a text takes in the brief's printed layout: the advance widths of its fonts
//! and a greedy line breaker at spaces, as a browser breaks a paragraph.
//!
//! The widths are those of DejaVu Sans and DejaVu Serif (1/1000 em), the fonts the brief falls
//! back to on Linux and wider than the fonts it prefers elsewhere (Segoe UI, Charter, Georgia):
//! a text measured here takes no more lines in those.

use unicode_normalization::UnicodeNormalization;

/// A face of the brief's stylesheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Sans,
    SansBold,
    SerifItalic,
    SerifBold,
}

/// A run of text in one face and size.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub text: &'a str,
    pub face: Face,
    /// Font size in points.
    pub size: f64,
    /// Extra space after each character, in em (`letter-spacing`).
    pub tracking: f64,
    /// Printed in capitals (`text-transform: uppercase`).
    pub upper: bool,
    /// An inline block (a badge): never broken, `pad` pixels wider than its text.
    pub atomic: bool,
    pub pad: f64,
}

impl<'a> Run<'a> {
    pub fn new(text: &'a str, face: Face, size: f64) -> Self {
        Run {
            text,
            face,
            size,
            tracking: 0.0,
            upper: false,
            atomic: false,
            pad: 0.0,
        }
    }

    /// In capitals, `tracking` em apart.
    pub fn caps(mut self, tracking: f64) -> Self {
        self.upper = true;
        self.tracking = tracking;
        self
    }

    /// As an unbreakable box `pad` pixels wider than its text.
    pub fn boxed(mut self, pad: f64) -> Self {
        self.atomic = true;
        self.pad = pad;
        self
    }
}

/// CSS pixels per point.
pub const PT: f64 = 96.0 / 72.0;
/// CSS pixels per millimetre.
pub const MM: f64 = 96.0 / 25.4;

const SANS: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const SANS_BOLD: [u16; 95] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];
const SERIF_ITALIC: [u16; 95] = [
    318, 402, 460, 838, 636, 950, 890, 275, 390, 390, 500, 838, 318, 338, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 536, 1000, 722, 735, 765, 802, 730,
    694, 799, 872, 395, 401, 747, 664, 1024, 875, 820, 673, 820, 753, 685, 667, 843, 722, 1028,
    712, 660, 695, 390, 337, 390, 838, 500, 500, 596, 640, 560, 640, 592, 370, 640, 644, 320, 310,
    606, 320, 948, 644, 602, 640, 640, 478, 513, 402, 644, 565, 856, 564, 565, 527, 636, 337, 636,
    838,
];
const SERIF_BOLD: [u16; 95] = [
    348, 439, 521, 838, 696, 950, 903, 306, 473, 473, 523, 838, 348, 415, 348, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 369, 369, 838, 838, 838, 586, 1000, 776, 845, 796, 867, 762,
    710, 854, 945, 468, 473, 869, 703, 1107, 914, 871, 752, 871, 831, 722, 744, 872, 776, 1123,
    776, 714, 730, 473, 365, 473, 838, 500, 500, 648, 699, 609, 699, 636, 430, 699, 727, 380, 362,
    693, 380, 1058, 727, 667, 699, 699, 527, 563, 462, 727, 581, 861, 596, 581, 568, 643, 364, 643,
    838,
];
/// The other characters the brief's texts hold: (character, sans, sans bold, serif italic, serif bold).
const OTHER: [(char, u16, u16, u16, u16); 56] = [
    ('á', 613, 675, 596, 648),
    ('à', 613, 675, 596, 648),
    ('â', 613, 675, 596, 648),
    ('ã', 613, 675, 596, 648),
    ('ä', 613, 675, 596, 648),
    ('é', 615, 678, 592, 636),
    ('è', 615, 678, 592, 636),
    ('ê', 615, 678, 592, 636),
    ('ë', 615, 678, 592, 636),
    ('í', 278, 343, 320, 380),
    ('ì', 278, 343, 320, 380),
    ('î', 278, 343, 320, 380),
    ('ï', 278, 343, 320, 380),
    ('ó', 612, 687, 602, 667),
    ('ò', 612, 687, 602, 667),
    ('ô', 612, 687, 602, 667),
    ('õ', 612, 687, 602, 667),
    ('ö', 612, 687, 602, 667),
    ('ú', 634, 712, 644, 727),
    ('ù', 634, 712, 644, 727),
    ('û', 634, 712, 644, 727),
    ('ü', 634, 712, 644, 727),
    ('ç', 550, 593, 560, 609),
    ('ñ', 634, 712, 644, 727),
    ('Á', 684, 774, 722, 776),
    ('À', 684, 774, 722, 776),
    ('Â', 684, 774, 722, 776),
    ('Ã', 684, 774, 722, 776),
    ('É', 632, 683, 730, 762),
    ('Ê', 632, 683, 730, 762),
    ('Í', 295, 372, 395, 468),
    ('Ó', 787, 850, 820, 871),
    ('Ô', 787, 850, 820, 871),
    ('Õ', 787, 850, 820, 871),
    ('Ú', 732, 812, 843, 872),
    ('Ç', 698, 734, 765, 796),
    ('Ñ', 748, 837, 875, 914),
    ('“', 518, 657, 511, 575),
    ('”', 518, 657, 511, 575),
    ('‘', 318, 380, 318, 348),
    ('’', 318, 380, 318, 348),
    ('«', 612, 646, 612, 625),
    ('»', 612, 646, 612, 625),
    ('—', 1000, 1000, 1000, 1000),
    ('–', 500, 500, 500, 500),
    ('…', 1000, 1000, 1000, 1000),
    ('§', 500, 500, 500, 523),
    ('º', 471, 564, 470, 500),
    ('ª', 471, 564, 475, 487),
    ('¿', 531, 580, 536, 586),
    ('¡', 401, 456, 402, 439),
    ('°', 500, 500, 500, 500),
    ('·', 318, 380, 318, 348),
    ('€', 636, 696, 636, 696),
    ('⚠', 896, 896, 896, 896),
    ('×', 838, 838, 838, 838),
];

/// The advance width of `c` in `face`, in 1/1000 em: from the tables, an accented letter as its
/// base letter, anything else as a full em.
fn advance(face: Face, c: char) -> u16 {
    let pick = |w: (u16, u16, u16, u16)| match face {
        Face::Sans => w.0,
        Face::SansBold => w.1,
        Face::SerifItalic => w.2,
        Face::SerifBold => w.3,
    };
    let table = match face {
        Face::Sans => &SANS,
        Face::SansBold => &SANS_BOLD,
        Face::SerifItalic => &SERIF_ITALIC,
        Face::SerifBold => &SERIF_BOLD,
    };
    if (' '..='~').contains(&c) {
        return table[c as usize - 32];
    }
    if let Some(&(_, a, b, i, s)) = OTHER.iter().find(|o| o.0 == c) {
        return pick((a, b, i, s));
    }
    match c.nfd().next() {
        Some(base) if base != c && (' '..='~').contains(&base) => table[base as usize - 32],
        _ => 1000,
    }
}

/// The width of one character of `run`, in CSS pixels.
fn char_width(run: &Run, c: char) -> f64 {
    let em = run.size * PT;
    f64::from(advance(run.face, c)) / 1000.0 * em + run.tracking * em
}

/// The width of `text` set as `run`, in CSS pixels.
pub fn width(run: &Run, text: &str) -> f64 {
    if run.upper {
        text.chars()
            .flat_map(char::to_uppercase)
            .map(|c| char_width(run, c))
            .sum()
    } else {
        text.chars().map(|c| char_width(run, c)).sum()
    }
}

/// The width of the widest word of `run`, in CSS pixels.
pub fn widest_word(run: &Run) -> f64 {
    run.text
        .split(' ')
        .map(|w| width(run, w))
        .fold(0.0, f64::max)
}

/// How many lines `runs` take in a box `measure` pixels wide, broken at spaces (a word wider
/// than the box is broken inside, as `overflow-wrap: break-word` does). An empty text takes no
/// line.
pub fn lines(runs: &[Run], measure: f64) -> usize {
    // Words, each with the width of the space before it (0 at a run boundary without one).
    let mut words: Vec<(f64, f64)> = Vec::new();
    let mut glued = false;
    for run in runs {
        if run.atomic {
            let w = width(run, run.text.trim()) + run.pad;
            words.push((if glued { 0.0 } else { space(run) }, w));
            glued = false;
            continue;
        }
        let text = run.text;
        if text.is_empty() {
            continue;
        }
        for (i, word) in text.split(' ').enumerate() {
            if word.is_empty() {
                glued = false;
                continue;
            }
            let w = width(run, word);
            if i == 0 && glued {
                // Continues the previous run's word: no break between them.
                if let Some(last) = words.last_mut() {
                    last.1 += w;
                    continue;
                }
            }
            let gap = if i == 0 && words.is_empty() {
                0.0
            } else {
                space(run)
            };
            words.push((gap, w));
        }
        glued = !text.ends_with(' ');
    }
    let mut count = 0;
    let mut line = 0.0;
    for (gap, w) in words {
        if count == 0 {
            count = 1;
            line = 0.0;
        } else if line > 0.0 && line + gap + w > measure {
            count += 1;
            line = 0.0;
        }
        if line == 0.0 {
            if w > measure {
                count += (w / measure).ceil() as usize - 1;
                line = w % measure;
            } else {
                line = w;
            }
        } else {
            line += gap + w;
        }
    }
    count
}

fn space(run: &Run) -> f64 {
    char_width(run, ' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_add_up_from_the_tables() {
        let run = Run::new("", Face::Sans, 7.5);
        // 7.5 pt = 10 px: an em of 10 px.
        assert!((width(&run, "W") - 9.89).abs() < 1e-9);
        assert!((width(&run, "Wi") - 9.89 - 2.78).abs() < 1e-9);
        // An accented letter is as wide as its letter; an unknown sign a full em.
        assert_eq!(width(&run, "é"), width(&run, "e"));
        assert!((width(&run, "中") - 10.0).abs() < 1e-9);
        // Capitals with tracking.
        let caps = Run::new("", Face::Sans, 7.5).caps(0.1);
        assert!((width(&caps, "w") - 9.89 - 1.0).abs() < 1e-9);
        // Bold is wider.
        let bold = Run::new("", Face::SansBold, 7.5);
        assert!(width(&bold, "salvaguarda") > width(&run, "salvaguarda"));
    }

    #[test]
    fn lines_break_at_spaces_as_a_browser_does() {
        let r = |t| Run::new(t, Face::Sans, 7.5);
        assert_eq!(lines(&[r("")], 100.0), 0);
        assert_eq!(lines(&[r("one line")], 100.0), 1);
        // "WWWW" is 39.56 px, a space 3.18 px: two words fit in 83 px, not in 82.
        assert_eq!(lines(&[r("WWWW WWWW WWWW WWWW")], 83.0), 2);
        assert_eq!(lines(&[r("WWWW WWWW WWWW WWWW")], 82.0), 4);
        // A word wider than the box is broken inside it.
        let long = "W".repeat(30);
        assert_eq!(lines(&[r(&long)], 100.0), 3);
        // A run that does not start with a space continues the word before it.
        let glued = [r("WWWW WWWW"), r("WWWW")];
        assert_eq!(lines(&glued, 83.0), 2);
        let spaced = [r("WWWW "), r("WWWW")];
        assert_eq!(lines(&spaced, 83.0), 1);
        // A badge is never broken: it moves to the next line whole.
        let badge = Run::new("WW WW", Face::Sans, 7.5).boxed(4.0);
        assert_eq!(lines(&[r("WWWW "), badge], 83.0), 2);
        assert_eq!(lines(&[r("WWWW "), badge], 90.0), 1);
    }
}
