//! How an article's text is lit in the reader: cut at both ends of every passage shown, each
//! piece lit as the chosen passage, as another event's passage, or not at all.

use std::ops::Range;

/// How a piece of an article is lit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lit {
    /// Inside the passage of the citation being read.
    Chosen,
    /// Inside a passage another citation quotes.
    Other,
    /// Plain text.
    Plain,
}

/// The pieces of a text `len` bytes long, cut at both ends of `chosen` and of each of `others`
/// (ordered by start), each with how it is lit; together they cover the text in order. The
/// chosen passage wins over the others. One sweep: a piece is lit as another passage when a
/// passage that started at or before it reaches past its end, so overlapping and nested
/// passages cost no search per piece.
pub fn lit_pieces(
    len: usize,
    chosen: Option<&Range<usize>>,
    others: &[Range<usize>],
) -> Vec<(Range<usize>, Lit)> {
    let mut cuts: Vec<usize> = vec![0, len];
    for range in chosen.into_iter().chain(others) {
        cuts.extend([range.start.min(len), range.end.min(len)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let (mut next_other, mut reach) = (0, 0);
    let mut pieces = Vec::with_capacity(cuts.len());
    for pair in cuts.windows(2) {
        let &[a, b] = pair else { continue };
        while let Some(r) = others.get(next_other)
            && r.start <= a
        {
            reach = reach.max(r.end);
            next_other += 1;
        }
        let lit = if chosen.is_some_and(|r| r.start <= a && b <= r.end) {
            Lit::Chosen
        } else if reach >= b {
            Lit::Other
        } else {
            Lit::Plain
        };
        pieces.push((a..b, lit));
    }
    pieces
}

/// `pieces` cut again at both ends of each of `marks` (date mentions: ordered, not
/// overlapping), each with whether it is inside a mark (underlined); they still cover the text
/// in order.
pub fn marked_pieces(
    pieces: &[(Range<usize>, Lit)],
    marks: &[Range<usize>],
) -> Vec<(Range<usize>, Lit, bool)> {
    let mut out = Vec::with_capacity(pieces.len() + 2 * marks.len());
    let mut next_mark = 0;
    for (range, lit) in pieces {
        let mut at = range.start;
        while at < range.end {
            // Marks ending at or before here are behind us.
            while marks.get(next_mark).is_some_and(|m| m.end <= at) {
                next_mark += 1;
            }
            let (end, inside) = match marks.get(next_mark) {
                Some(m) if m.start <= at => (m.end.min(range.end), true),
                Some(m) => (m.start.min(range.end), false),
                None => (range.end, false),
            };
            out.push((at..end, *lit, inside));
            at = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_cut_the_pieces_and_are_underlined() {
        let pieces = lit_pieces(20, Some(&(5..8)), &[]);
        let marked = marked_pieces(&pieces, &[2..6, 10..12]);
        assert_eq!(
            marked,
            [
                (0..2, Lit::Plain, false),
                (2..5, Lit::Plain, true),
                (5..6, Lit::Chosen, true),
                (6..8, Lit::Chosen, false),
                (8..10, Lit::Plain, false),
                (10..12, Lit::Plain, true),
                (12..20, Lit::Plain, false),
            ]
        );
        assert_eq!(marked_pieces(&pieces, &[]).len(), pieces.len());
    }

    fn lit_at(pieces: &[(Range<usize>, Lit)], byte: usize) -> Lit {
        pieces
            .iter()
            .find(|(r, _)| r.contains(&byte))
            .map_or(Lit::Plain, |(_, lit)| *lit)
    }

    #[test]
    fn pieces_cover_the_text_in_order() {
        let pieces = lit_pieces(20, Some(&(5..8)), &[2..4, 6..12, 15..30]);
        assert_eq!(pieces.first().map(|p| p.0.start), Some(0));
        assert_eq!(pieces.last().map(|p| p.0.end), Some(20));
        assert!(pieces.windows(2).all(|w| w[0].0.end == w[1].0.start));
        assert!(pieces.iter().all(|(r, _)| !r.is_empty()));
    }

    #[test]
    fn the_chosen_passage_wins_and_nested_passages_stay_lit() {
        // 2..10 holds 4..6; the chosen 12..14 overlaps the other 13..16.
        let pieces = lit_pieces(20, Some(&(12..14)), &[2..10, 4..6, 13..16]);
        let expected = [
            (0, Lit::Plain),
            (2, Lit::Other),
            (5, Lit::Other),
            // After the nested passage ends, the outer one still reaches.
            (7, Lit::Other),
            (10, Lit::Plain),
            (12, Lit::Chosen),
            (13, Lit::Chosen),
            (14, Lit::Other),
            (16, Lit::Plain),
        ];
        for (byte, lit) in expected {
            assert_eq!(lit_at(&pieces, byte), lit, "byte {byte}");
        }
    }

    #[test]
    fn matches_a_check_of_every_byte() {
        let others = [0..3, 1..9, 4..5, 8..8, 11..13, 12..19];
        let chosen = 6..12;
        let pieces = lit_pieces(20, Some(&chosen), &others);
        for byte in 0..20 {
            let expected = if chosen.contains(&byte) {
                Lit::Chosen
            } else if others.iter().any(|r| r.contains(&byte)) {
                Lit::Other
            } else {
                Lit::Plain
            };
            assert_eq!(lit_at(&pieces, byte), expected, "byte {byte}");
        }
    }
}
