//! Every TimelineJS JSON and CSV file of `tests/fixtures/timelinejs/` (copies of
//! `shared/formats/timelinejs/`: TimelineJS's own examples and templates) imports with every slide accounted for, or is refused as a named legacy shape; the
//! result checks with no errors, and exported back it has the same slides, dates and headlines.
#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot proceed should fail loudly"
)]

use std::path::{Path, PathBuf};

use sourceline::import::ImportError;
use sourceline::import::timelinejs::{import, plain_text};

/// The TimelineJS reference files, copied into the repository so a bare clone has them.
fn reference_files() -> Vec<PathBuf> {
    let root = Path::new("tests/fixtures/timelinejs");
    assert!(
        root.is_dir(),
        "{} is missing: the import tests read TimelineJS's own files from there",
        root.display()
    );
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json" || e == "csv") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_timelinejs_file_imports_accounted_for_or_is_refused_by_name() {
    let files = reference_files();
    assert!(files.len() >= 15, "{files:?}");
    let (mut imported, mut refused, mut eras) = (0, 0, 0);
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let is_csv = path.extension().is_some_and(|e| e == "csv");
        let result = if is_csv {
            sourceline::import::sheet::import(&bytes)
        } else {
            import(std::str::from_utf8(&bytes).unwrap())
        };
        let (file, report) = match result {
            Ok(done) => done,
            Err(ImportError::Legacy(shape)) => {
                // Only the legacy shapes FORMATS.md lists.
                let name = path.file_name().unwrap().to_string_lossy();
                assert!(
                    name == "timeline2.json" || name == "example.json" || name == "welcome.json",
                    "{}: refused as {shape}",
                    path.display()
                );
                refused += 1;
                continue;
            }
            // A CSV that is not a TimelineJS sheet (the tokenizer's own test table) says so.
            Err(ImportError::NotASheet(why)) if is_csv => {
                assert!(why.contains("no Year or Start Date column"), "{why}");
                refused += 1;
                continue;
            }
            Err(other) => panic!("{}: {other}", path.display()),
        };
        imported += 1;
        // Every slide (every row) is imported or skipped with a reason; every era likewise.
        let items = if is_csv {
            // Rows after the header, less the title row.
            let rows = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(bytes.as_slice())
                .byte_records()
                .count();
            rows - usize::from(file.title != "Imported timeline")
        } else {
            let source: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            source["events"].as_array().unwrap().len()
                + source["eras"].as_array().map_or(0, Vec::len)
        };
        let shifted = report
            .skipped
            .iter()
            .filter(|(_, why)| why.contains("extra cells are ignored"))
            .count();
        assert_eq!(
            report.events + report.eras + report.skipped.len() - shifted,
            items,
            "{}: {report:?}",
            path.display()
        );
        // The result loads and checks with no errors.
        let dir = std::env::temp_dir().join(format!(
            "sourceline-import-{}-{imported}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let events = dir.join("events.json");
        std::fs::write(&events, serde_json::to_string_pretty(&file).unwrap()).unwrap();
        let checked = sourceline::cli::check::check(&events);
        assert_eq!(
            checked.exit_code,
            0,
            "{}: {}",
            path.display(),
            checked.output
        );
        // Exported back: the same slides, dates (to their precision) and headlines.
        let loaded = sourceline::load::load(&events).unwrap().timeline;
        let all: Vec<usize> = (0..loaded.events.len()).collect();
        let back = sourceline::export::timelinejs(&loaded, &all);
        let back_slides = back["events"].as_array().unwrap();
        assert_eq!(back_slides.len(), report.events, "{}", path.display());
        let mut imported_keys: Vec<(String, String)> = file
            .events
            .iter()
            .map(|e| (e.date.clone(), e.title.clone()))
            .collect();
        let mut exported_keys: Vec<(String, String)> = back_slides
            .iter()
            .map(|s| {
                let d = &s["start_date"];
                let n = |key: &str| d.get(key).and_then(serde_json::Value::as_i64);
                let year = n("year").unwrap();
                let date = match (n("month"), n("day")) {
                    (None, _) => format!("{year:04}"),
                    (Some(m), None) => format!("{year:04}-{m:02}"),
                    (Some(m), Some(day)) => format!("{year:04}-{m:02}-{day:02}"),
                };
                (date, plain_text(s["text"]["headline"].as_str().unwrap()))
            })
            .collect();
        imported_keys.sort();
        exported_keys.sort();
        assert_eq!(imported_keys, exported_keys, "{}", path.display());
        // Eras go back out as eras, with their labels.
        let back_eras = back["eras"].as_array().unwrap();
        assert_eq!(back_eras.len(), file.eras.len(), "{}", path.display());
        for (era, out) in file.eras.iter().zip(back_eras) {
            assert_eq!(
                plain_text(out["text"]["headline"].as_str().unwrap()),
                era.title
            );
            assert!(out["start_date"]["year"].is_i64() && out["end_date"]["year"].is_i64());
        }
        eras += file.eras.len();
    }
    assert!(eras > 0, "some example has eras");
    assert!(
        imported >= 13 && refused >= 5,
        "{imported} imported, {refused} refused"
    );
}

#[test]
fn the_command_writes_a_new_events_file_and_reports() {
    let dir = std::env::temp_dir().join(format!("sourceline-import-cmd-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let source = Path::new("tests/fixtures/timelinejs/src/template/eras.json");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sourceline"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "import",
        source.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("imported 20 event(s) (5 span(s), 1 without a source), 3 era(s), 19 source(s) from article links, 19 passage(s) to choose; skipped 0"),
        "{stdout}"
    );
    assert!(dir.join("events.json").is_file());
    // Never over an existing file.
    let again = run(&[
        "import",
        source.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(1));
    // A legacy shape is named.
    let legacy = run(&[
        "import",
        "tests/fixtures/timelinejs/website/examples/example.json",
    ]);
    assert_eq!(legacy.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&legacy.stderr).contains("TimelineJS v1/v2 JSON"));
}

mod every_import_checks {
    //! Whatever a TimelineJS file or a mapped table holds, an import that succeeds writes a file
    //! that `check` accepts with no errors.
    use std::sync::atomic::{AtomicUsize, Ordering};

    use proptest::prelude::*;
    use serde_json::json;

    /// Strings an importer meets: plain words, HTML, hostile characters, links good and bad.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z ]{0,12}",
            Just(String::new()),
            Just("  ".to_owned()),
            Just("<b>bold</b> &amp; <script>x</script>".to_owned()),
            Just("a\u{200B}b".to_owned()),
            Just("\u{202E}evil".to_owned()),
            Just("line\nbreak\ttab".to_owned()),
            Just("x < 40% and > 60%".to_owned()),
            any::<String>(),
        ]
    }

    fn link() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("https://example.org/a".to_owned()),
            Just("HTTPS://Example.ORG/a".to_owned()),
            Just("https://".to_owned()),
            Just("http:///x".to_owned()),
            Just("//cdn.example.org/i.jpg".to_owned()),
            Just("javascript:alert(1)".to_owned()),
            Just("https://www.reuters.com@evil.example/world".to_owned()),
            Just("https://exa\u{200B}mple.org/".to_owned()),
            Just("https://example.org/a b".to_owned()),
            Just("data:image/png;base64,AAAA".to_owned()),
            "https?://[a-z.]{0,8}/?[a-z]{0,4}",
            any::<String>(),
        ]
    }

    fn date() -> impl Strategy<Value = serde_json::Value> {
        (
            prop_oneof![
                Just(json!(2025)),
                Just(json!("1994")),
                Just(json!(-50)),
                Just(json!("x")),
                (0..3000_i64).prop_map(|y| json!(y))
            ],
            prop::option::of(prop_oneof![
                (0..14_i64).prop_map(|m| json!(m)),
                Just(json!("2"))
            ]),
            prop::option::of((0..33_i64).prop_map(|d| json!(d))),
        )
            .prop_map(|(year, month, day)| {
                let mut date = json!({ "year": year });
                if let Some(month) = month {
                    date["month"] = month;
                }
                if let Some(day) = day {
                    date["day"] = day;
                }
                date
            })
    }

    fn slide() -> impl Strategy<Value = serde_json::Value> {
        (
            prop::option::of(date()),
            prop::option::of(date()),
            text(),
            text(),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of((link(), text(), text())),
        )
            .prop_map(|(start, end, headline, body, id, group, media)| {
                let mut slide = json!({ "text": { "headline": headline, "text": body } });
                if let Some(start) = start {
                    slide["start_date"] = start;
                }
                if let Some(end) = end {
                    slide["end_date"] = end;
                }
                if let Some(id) = id {
                    slide["unique_id"] = json!(id);
                }
                if let Some(group) = group {
                    slide["group"] = json!(group);
                }
                if let Some((url, credit, caption)) = media {
                    slide["media"] = json!({ "url": url, "credit": format!("<a href=\"{url}\">{credit}</a>"), "caption": caption });
                }
                slide
            })
    }

    static CASE: AtomicUsize = AtomicUsize::new(0);

    /// Imports `bytes` as `name` (with `map`); when it succeeds, the file must load.
    fn import_then_check(name: &str, bytes: &[u8], map: Option<&str>) -> Result<(), TestCaseError> {
        let n = CASE.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("sourceline-import-prop-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(name);
        std::fs::write(&file, bytes).unwrap();
        let folder = dir.join("out");
        if let Ok(imported) = sourceline::import::import_file(&file, &folder, map) {
            let loaded = sourceline::load::load(&imported.events_file);
            let errors = loaded.err().map(|e| {
                e.diagnostics
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            });
            prop_assert!(
                errors.is_none(),
                "{errors:?} from {}",
                String::from_utf8_lossy(bytes)
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn timelinejs(slides in prop::collection::vec(slide(), 0..6), title in text()) {
            let root = json!({ "title": { "text": { "headline": title } }, "events": slides });
            import_then_check("t.json", root.to_string().as_bytes(), None)?;
        }

        #[test]
        fn mapped_tables(rows in prop::collection::vec((text(), text(), text(), link(), text()), 0..6)) {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(["when", "what", "who", "link", "key"]).unwrap();
            let dates = ["2025-02-18", "18 February 2025", "03/04/2025", "2025", "x"];
            for (i, (title, who, _, link, key)) in rows.iter().enumerate() {
                writer.write_record([dates[i % dates.len()], title, who, link, key]).unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            import_then_check("t.csv", &bytes, Some("date=when,title=what,actors=who,source=link,id=key"))?;
        }
    }
}

#[test]
fn a_byte_order_mark_before_timelinejs_json_is_read_past() {
    let dir = std::env::temp_dir().join(format!("sourceline-import-bom-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("t.json");
    let json = r#"{"events": [{"start_date": {"year": 2025}, "text": {"headline": "A"}}]}"#;
    std::fs::write(
        &file,
        [b"\xEF\xBB\xBF".as_slice(), json.as_bytes()].concat(),
    )
    .unwrap();
    let imported = sourceline::import::import_file(&file, &dir.join("out"), None).unwrap();
    assert_eq!(imported.report.events, 1);
    assert!(sourceline::load::load(&imported.events_file).is_ok());
}

/// `bytes` written as `name` in a folder of its own, imported with `map`.
fn import_bytes(
    name: &str,
    bytes: &[u8],
    map: Option<&str>,
) -> Result<sourceline::import::Imported, sourceline::import::ImportFailure> {
    let dir = std::env::temp_dir().join(format!(
        "sourceline-import-{}-{}",
        name.replace('.', "-"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    sourceline::import::import_file(&file, &dir.join("out"), map)
}

fn titles(imported: &sourceline::import::Imported) -> Vec<String> {
    let timeline = sourceline::load::load(&imported.events_file)
        .unwrap()
        .timeline;
    timeline
        .events
        .iter()
        .map(|e| e.title(&timeline).to_owned())
        .collect()
}

#[test]
fn a_table_in_windows_1252_is_decoded_and_says_so() {
    let csv = b"when,what\n2025-03-03,D\xe9claration de l\x92OTAN \xe0 Gen\xe8ve\n";
    let imported = import_bytes("cp1252.csv", csv, Some("date=when,title=what")).unwrap();
    assert_eq!(titles(&imported), ["Déclaration de l’OTAN à Genève"]);
    assert!(
        imported.report.headline().contains("read as windows-1252"),
        "{}",
        imported.report.headline()
    );
    // TimelineJS JSON in a legacy encoding too.
    let json = b"{\"events\": [{\"start_date\": {\"year\": 2025}, \"text\": {\"headline\": \"Gen\xe8ve\"}}]}";
    let imported = import_bytes("cp1252.json", json, None).unwrap();
    assert_eq!(titles(&imported), ["Genève"]);
}

#[test]
fn utf16_is_refused_by_name() {
    let csv: Vec<u8> = "when,what\n2025-03-03,Talks\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let error = import_bytes("utf16.csv", &csv, Some("date=when,title=what")).unwrap_err();
    assert!(error.to_string().contains("UTF-16 text"), "{error}");
}

#[test]
fn an_unclosed_quote_names_every_row_it_swallowed() {
    let csv = "when,what\n2025-03-01,One\n2025-03-02,\"Two never closed\n2025-03-03,Three\n2025-03-04,Four\n";
    let imported =
        import_bytes("unclosed.csv", csv.as_bytes(), Some("date=when,title=what")).unwrap();
    assert_eq!(titles(&imported), ["One"]);
    let skipped: Vec<String> = imported
        .report
        .skipped
        .iter()
        .map(|(at, why)| format!("{at}: {why}"))
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].starts_with("row 3: unbalanced quotes")
            && skipped[0].contains("lines 3-5 were read as this one row"),
        "{skipped:?}"
    );
}

#[test]
fn slashed_dates_follow_one_rule_in_both_table_importers() {
    // Month first, as 12/31 shows: 03/04 is 4 March in both.
    let mapped = "when,what\n03/04/2025,A\n12/31/2025,B\n";
    let imported = import_bytes("us.csv", mapped.as_bytes(), Some("date=when,title=what")).unwrap();
    let sheet = "Start Date,End Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Tag\n\
                 03/04/2025,,A,,,,,,,\n12/31/2025,,B,,,,,,,\n";
    let imported_sheet = import_bytes("us-sheet.csv", sheet.as_bytes(), None).unwrap();
    for imported in [&imported, &imported_sheet] {
        let timeline = sourceline::load::load(&imported.events_file)
            .unwrap()
            .timeline;
        let dates: Vec<String> = timeline.events.iter().map(|e| e.date.to_iso()).collect();
        assert_eq!(dates, ["2025-03-04", "2025-12-31"]);
        assert!(
            imported
                .report
                .notes
                .iter()
                .any(|(at, note)| at == "dates" && note.contains("month first")),
            "{:?}",
            imported.report.notes
        );
    }
    // Day first, as 31/12 shows: 03/04 is 3 April.
    let european = "when,what\n03/04/2025,A\n31/12/2025,B\n";
    let imported =
        import_bytes("eu.csv", european.as_bytes(), Some("date=when,title=what")).unwrap();
    let timeline = sourceline::load::load(&imported.events_file)
        .unwrap()
        .timeline;
    assert_eq!(timeline.events[0].date.to_iso(), "2025-04-03");
    // Both orders in one table: what could be either is refused, by row.
    let mixed = "when,what\n03/04/2025,A\n31/12/2025,B\n12/30/2025,C\n";
    let imported =
        import_bytes("mixed.csv", mixed.as_bytes(), Some("date=when,title=what")).unwrap();
    assert_eq!(imported.report.skipped.len(), 1);
    assert_eq!(imported.report.skipped[0].0, "row 2");
}

#[test]
fn a_mapping_of_a_column_the_table_lacks_is_an_error() {
    let error = import_bytes(
        "missing-column.csv",
        b"when,what\n2025-03-03,Talks\n",
        Some("date=when,title=headline"),
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(
            "the mapping's column \"headline\" (title) is not in the header (when, what)"
        ),
        "{message}"
    );
}

/// A TimelineJS sheet as a newsroom exports it from a spreadsheet: 51 rows in Windows-1252,
/// some with an unquoted comma in their last cell, the articles credited by link in the media
/// credit and caption, pictures as the media.
fn newsroom_sheet() -> Vec<u8> {
    use std::fmt::Write as _;
    let mut csv = String::from(
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n",
    );
    for row in 0..51 {
        let day = row % 28 + 1;
        let month = row / 28 + 2;
        // Every article is linked twice (two rows credit it), so 26 articles for 51 rows.
        let article = row / 2;
        let credit = format!(
            "<a href='https://www.example-news.org/2025/{article}.html'>Gazette {article}</a>"
        );
        let caption = format!("Délégués à Genève (photo {row})");
        let last = if row % 10 == 3 { "fond, gris" } else { "" };
        writeln!(
            csv,
            "2025,{month},{day},,,,,,,Réunion n° {row},Texte {row},https://img.example.org/p/{row}.jpg?w=800,\"{credit}\",{caption},,,Europe,{last}"
        )
        .unwrap();
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&csv);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn a_newsroom_sheet_in_windows_1252_comes_in_whole_with_its_articles_as_pending_citations() {
    let imported = import_bytes("newsroom.csv", &newsroom_sheet(), None).unwrap();
    let report = &imported.report;
    assert_eq!(report.events, 51, "{}", report.describe());
    assert!(report.skipped.is_empty(), "{}", report.describe());
    assert!(
        report.headline().contains("read as windows-1252"),
        "{}",
        report.headline()
    );
    // Each repaired row is named: the five with an unquoted comma.
    let repaired: Vec<&str> = report
        .notes
        .iter()
        .filter(|(_, note)| note.contains("cell"))
        .map(|(at, _)| at.as_str())
        .collect();
    assert_eq!(repaired.len(), 5, "{}", report.describe());
    let loaded = sourceline::load::load(&imported.events_file).unwrap();
    let t = &loaded.timeline;
    assert!(t.events.iter().any(|e| e.title(t) == "Réunion n° 0"));
    // One source per article, none of them a picture; its publisher the credit's link text.
    assert_eq!(t.sources.len(), 26);
    for source in &t.sources {
        let url = source.record.url.as_deref().unwrap();
        assert!(
            url.starts_with("https://www.example-news.org/2025/"),
            "{url}"
        );
        assert!(
            source.record.publisher.starts_with("Gazette "),
            "{:?}",
            source.record
        );
        // The caption describes the picture, not the article: the title waits for the archive.
        assert_eq!(source.record.title, "Untitled (example-news.org)");
        assert_eq!(source.record.file, None);
    }
    // Each event cites its article, pending; its picture is its media.
    for event in &t.events {
        let citations = event.citations(t);
        assert_eq!(citations.len(), 1, "{}", event.title(t));
        assert!(citations[0].is_pending());
        assert!(
            event
                .media(t)
                .unwrap()
                .starts_with("https://img.example.org/p/")
        );
    }
    let pending = loaded
        .diagnostics
        .iter()
        .filter(|d| d.message().contains("passage not yet chosen"))
        .count();
    assert_eq!(pending, 51);
}
