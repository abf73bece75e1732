//! The layout rules of ARCHITECTURE.md, checked on the source tree: only the window uses egui
//! and eframe, only the theme makes colours, and no file of the window grows past 500 lines.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// Lines of `text` that mention `needle` in code (comments and doc comments are prose).
fn code_lines_with<'t>(text: &'t str, needle: &str) -> Vec<(usize, &'t str)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .filter(|(_, line)| line.contains(needle))
        .map(|(i, line)| (i + 1, line))
        .collect()
}

fn in_app(path: &Path) -> bool {
    path.starts_with("src/app")
}

#[test]
fn only_the_window_uses_egui_or_eframe() {
    let mut offenders = Vec::new();
    for (path, text) in sources(Path::new("src")) {
        if in_app(&path) || path == Path::new("src/main.rs") {
            continue;
        }
        for needle in ["egui", "eframe"] {
            for (line, code) in code_lines_with(&text, needle) {
                offenders.push(format!("{}:{line}: {}", path.display(), code.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "egui outside src/app/:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn only_the_theme_makes_colours() {
    let mut offenders = Vec::new();
    for (path, text) in sources(Path::new("src")) {
        if path == Path::new("src/app/theme.rs") {
            continue;
        }
        for needle in ["Color32::", "Rgba::", "Hsva"] {
            for (line, code) in code_lines_with(&text, needle) {
                offenders.push(format!("{}:{line}: {}", path.display(), code.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "colours made outside src/app/theme.rs:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn no_file_of_the_window_is_over_500_lines() {
    assert!(!Path::new("src/app.rs").exists(), "src/app.rs is back");
    let long: Vec<String> = sources(Path::new("src/app"))
        .into_iter()
        .filter(|(_, text)| text.lines().count() > 500)
        .map(|(path, text)| format!("{}: {} lines", path.display(), text.lines().count()))
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn the_checks_see_the_tree() {
    // A check over no files passes whatever the code says: make sure they read something.
    let all = sources(Path::new("src"));
    assert!(all.iter().any(|(p, _)| p == Path::new("src/app/theme.rs")));
    assert!(all.iter().filter(|(p, _)| in_app(p)).count() >= 15);
    let (_, theme) = all
        .iter()
        .find(|(p, _)| p == Path::new("src/app/theme.rs"))
        .unwrap();
    assert!(!code_lines_with(theme, "Color32::").is_empty());
}
