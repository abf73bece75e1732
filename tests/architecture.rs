//! The layout rules of ARCHITECTURE.md, checked on the source tree: each stage imports only the
//! stages before it, only the window uses egui and eframe, only the theme makes colours, no file's
//! code grows past 800 lines (500 in the window), and the window's commands are dispatched
//! without catch-all arms.
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

/// The pipeline's stages in order; a stage may import only those before it (or its own).
const STAGES: &[(&str, usize)] = &[
    ("model", 0),
    ("load", 1),
    ("edit", 2),
    ("document", 3),
    ("timeline", 4),
    ("import", 5),
    ("export", 5),
    ("cli", 6),
    ("app", 6),
];

fn stage_rank(name: &str) -> Option<usize> {
    STAGES
        .iter()
        .find(|(stage, _)| *stage == name)
        .map(|&(_, rank)| rank)
}

/// The part of a file that is not its tests: everything before its first `#[cfg(test)]` (the
/// tests module comes last, by this crate's habit); nothing for a file of tests.
fn code_part(path: &Path, text: &str) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    text.lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules `code` names through `crate::` (`crate::load::x`, `crate::{load, edit}`).
fn crate_modules(code: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Each item of the group at its top level.
            let mut depth = 0;
            let mut item_start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.push(ident(&group[item_start..i]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(&group[item_start..i]));
                        item_start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

/// Every import of a later stage in `files` (path, text): "path: stage imports later".
fn later_stage_imports(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut offenders = Vec::new();
    for (path, text) in files {
        let Ok(relative) = path.strip_prefix("src") else {
            continue;
        };
        let Some(stage) = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .filter(|_| relative.components().count() > 1)
        else {
            continue; // lib.rs and main.rs tie the stages together
        };
        let Some(rank) = stage_rank(stage) else {
            offenders.push(format!("{}: {stage} is not a known stage", path.display()));
            continue;
        };
        for module in crate_modules(&code_part(path, text)) {
            if stage_rank(&module).is_some_and(|other| other > rank) {
                offenders.push(format!("{}: {stage} imports {module}", path.display()));
            }
        }
    }
    offenders.sort();
    offenders.dedup();
    offenders
}

#[test]
fn each_stage_imports_only_earlier_stages() {
    let offenders = later_stage_imports(&sources(Path::new("src")));
    assert!(
        offenders.is_empty(),
        "imports against the pipeline (model → load → edit → document → timeline → import/export → cli/app):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_stage_check_finds_a_later_import() {
    // The check above passes on a tree that imports nothing it should not; it must also fail on
    // one that does, however the import is written.
    let files = vec![
        (
            PathBuf::from("src/model/mod.rs"),
            "use crate::load::anchor::Anchor;\n".to_owned(),
        ),
        (
            PathBuf::from("src/edit/mod.rs"),
            "use crate::{model::Timeline, document::Document};\n".to_owned(),
        ),
        (
            PathBuf::from("src/load/read.rs"),
            "fn f() { let _ = crate::timeline::search::Filter::default(); }\n".to_owned(),
        ),
        (
            PathBuf::from("src/timeline/view.rs"),
            "use crate::model::Timeline;\n#[cfg(test)]\nmod tests { use crate::app::X; }\n"
                .to_owned(),
        ),
        (
            PathBuf::from("src/export/mod.rs"),
            "use crate::import::ImportReport;\n".to_owned(),
        ),
    ];
    assert_eq!(
        later_stage_imports(&files),
        vec![
            "src/edit/mod.rs: edit imports document".to_owned(),
            "src/load/read.rs: load imports timeline".to_owned(),
            "src/model/mod.rs: model imports load".to_owned(),
        ]
    );
}

#[test]
fn no_file_has_over_800_lines_of_code() {
    let long: Vec<String> = sources(Path::new("src"))
        .into_iter()
        .map(|(path, text)| {
            let lines = text
                .lines()
                .take_while(|line| line.trim() != "#[cfg(test)]")
                .count();
            (path, lines)
        })
        .filter(|(_, lines)| *lines > 800)
        .map(|(path, lines)| format!("{}: {lines} lines before its tests", path.display()))
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn the_window_dispatches_commands_without_catch_all_arms() {
    // A new `Command` must be handled where commands are applied: a `_ =>` arm would let one
    // compile and do nothing.
    let mut offenders = Vec::new();
    for file in [
        "src/app/command.rs",
        "src/app/document_commands.rs",
        "src/app/archive_commands.rs",
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, code) in code_lines_with(&text, "_ =>") {
            offenders.push(format!("{file}:{line}: {}", code.trim()));
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}
