//! Source files kept in memory with their line starts, so that byte spans from the TOML parser
//! can be shown as `file:line:column` with the offending line.
//!
//! Owns: the text of every file the user gave us and the mapping from byte offsets to positions.
//! Does not own: reading files (see [`crate::input`]) or rendering (see [`crate::diag`]).

use std::ops::Range;
use std::sync::OnceLock;

/// A file's display name and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (the path as the user gave it, or `<embedded>/...`).
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Computed when a position is first asked for: most files never need one. Offsets fit in
    /// 32 bits: every input is capped far below 4 GiB ([`crate::input::Kind::limit`]).
    line_starts: OnceLock<Vec<u32>>,
}

/// A 1-based line and column (the column counts characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// A file from its name and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(
                self.text
                    .match_indices('\n')
                    .map(|(i, _)| u32::try_from(i + 1).expect("inputs are capped below 4 GiB")),
            );
            starts.shrink_to_fit();
            starts
        })
    }

    /// The position of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = starts[line] as usize;
        let column = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count()
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let start = starts[line - 1] as usize;
        let end = starts.get(line).map_or(self.text.len(), |&s| s as usize);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The number of characters a span covers on its first line (at least 1).
    pub fn span_width(&self, span: &Range<usize>) -> usize {
        let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let end = floor_char_boundary(&self.text, span.end.min(self.text.len())).max(start);
        let first_line = self.text[start..end].split('\n').next().unwrap_or("");
        first_line.trim_end_matches('\r').chars().count().max(1)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let f = SourceFile::new("x.toml", "a = 1\nnota = \"Proteção\" x\n");
        // The `x` after the accented string: line 2, byte offset of 'x'.
        let off = f.text.rfind('x').unwrap();
        assert_eq!(
            f.position(off),
            Position {
                line: 2,
                column: 19
            }
        );
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        assert_eq!(f.line_text(2), "nota = \"Proteção\" x");
    }

    #[test]
    fn offset_past_the_end_is_clamped() {
        let f = SourceFile::new("x.toml", "ab");
        assert_eq!(f.position(99), Position { line: 1, column: 3 });
    }
}
