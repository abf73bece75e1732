//! Ids for new events and sources: a slug of the title, made unique. Existing ids never change.

/// Longest slug, in bytes; cut at a word boundary.
const MAX_SLUG_BYTES: usize = 48;

/// `title` as an id: lower case letters and digits, words joined by `-`, at most 48 bytes cut at
/// a word boundary; `fallback` when nothing is left.
pub fn slug(title: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c);
        } else if c != '\'' && c != '’' {
            // Apostrophes join ("Zelensky's" → "zelenskys"); everything else separates words.
            gap = true;
        }
    }
    if out.len() > MAX_SLUG_BYTES {
        let mut cut = out
            .char_indices()
            .take_while(|(i, _)| *i <= MAX_SLUG_BYTES)
            .filter(|(_, c)| *c == '-')
            .map(|(i, _)| i)
            .last()
            .unwrap_or(0);
        if cut == 0 {
            cut = out
                .char_indices()
                .map(|(i, _)| i)
                .take_while(|i| *i <= MAX_SLUG_BYTES)
                .last()
                .unwrap_or(0);
        }
        out.truncate(cut);
    }
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out
    }
}

/// `base`, or `base-2`, `base-3` … whichever `taken` says is free first.
pub fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    // As many candidates as there could be ids before one is free.
    (2..=u32::MAX)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_words_joined_by_dashes() {
        assert_eq!(
            slug("US and Russian delegations meet in Riyadh", "event"),
            "us-and-russian-delegations-meet-in-riyadh"
        );
        assert_eq!(
            slug("Zelensky's “dictator” row — 2025", "event"),
            "zelenskys-dictator-row-2025"
        );
        assert_eq!(slug("Київ: без миру", "event"), "київ-без-миру");
        assert_eq!(slug("  —  ", "event"), "event");
    }

    #[test]
    fn long_slugs_stop_at_a_word() {
        let s = slug(
            "Sybiha on the Budapest Memorandum anniversary: no trust in empty pledges",
            "event",
        );
        assert!(s.len() <= MAX_SLUG_BYTES, "{s}");
        assert_eq!(s, "sybiha-on-the-budapest-memorandum-anniversary-no");
        let one_word = slug(&"a".repeat(100), "event");
        assert_eq!(one_word.len(), MAX_SLUG_BYTES);
    }

    #[test]
    fn unique_counts_up() {
        let taken = ["riyadh", "riyadh-2"];
        assert_eq!(unique("riyadh", |c| taken.contains(&c)), "riyadh-3");
        assert_eq!(unique("summit", |c| taken.contains(&c)), "summit");
    }
}
