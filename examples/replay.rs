//! Drives the real window headless and prints each frame's CPU time:
//! `cargo run --release --example replay -- FILE --script sweep|search|reload`.
//!
//! Each frame is what eframe does minus the GPU: egui runs `SourcelineApp::ui` at 1280 × 800 and
//! tessellates what it drew. The last line reads `frames N median X ms p95 Y ms max Z ms`.
//!
//! - `sweep`: from the whole range, zoom in to a 90-day window, pan to the end, zoom back out,
//!   over 180 frames (the path the JavaScript timelines were measured on).
//! - `search`: types a 10-character query one key a frame, then counts the frames until the
//!   results are complete.
//! - `reload`: rewrites the file with 1,000 events changed (their titles) and counts the frames
//!   until the new timeline is shown. The file is restored afterwards.
//! - `edit`: 20 edits of event titles, 20 undos, 20 redos and a save, each pushed as the window's
//!   command and followed by frames (about 60 a second) until it is shown (the save: until no
//!   edit is unsaved); prints the time until each is shown. The file is restored afterwards.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use sourceline::app::{Command, SourcelineApp};
use sourceline::document::Document;
use sourceline::timeline::axis::TimeView;

#[derive(Clone, Copy, ValueEnum)]
enum Script {
    Sweep,
    Search,
    Reload,
    Edit,
}

#[derive(Parser)]
struct Args {
    /// Any events file.
    file: PathBuf,
    /// What to replay.
    #[arg(long, value_enum)]
    script: Script,
    /// Also list the slowest frames, by number.
    #[arg(long, default_value_t = 0)]
    worst: usize,
}

/// The window, headless: an egui context and the app, one frame at a time.
struct Window {
    ctx: egui::Context,
    app: SourcelineApp,
    started: Instant,
    frame_ms: Vec<f64>,
}

impl Window {
    fn frame(&mut self) {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 800.0),
            )),
            time: Some(self.started.elapsed().as_secs_f64()),
            ..Default::default()
        };
        let start = Instant::now();
        let output = self.ctx.run_ui(input, |ui| self.app.ui(ui));
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);
        self.frame_ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }

    /// Frames, about 60 a second, until `done` holds; how many it took.
    fn frames_until(&mut self, done: impl Fn(&SourcelineApp) -> bool) -> usize {
        let mut frames = 0;
        let deadline = Instant::now() + Duration::from_mins(2);
        while !done(&self.app) && Instant::now() < deadline {
            self.frame();
            frames += 1;
            std::thread::sleep(Duration::from_millis(16));
        }
        frames
    }
}

/// Writes `text` to `file` and waits until it is on disk: the kernel's writing back of 280 MB
/// is not the window's work, and would otherwise land in the first frame measured.
fn write_synced(file: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::fs::File::create(file)?;
    out.write_all(text.as_bytes())?;
    out.sync_all()
}

#[expect(clippy::print_stdout, reason = "the replay's report is its output")]
fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let loaded = match sourceline::load::load(&args.file) {
        Ok(loaded) => loaded,
        Err(error) => {
            for d in &error.diagnostics {
                log::error!("{d}");
            }
            return Err(std::io::Error::other(error.to_string()));
        }
    };
    let mut window = Window {
        ctx: egui::Context::default(),
        app: SourcelineApp::new(Document::new(Some(args.file.clone()), loaded)),
        started: Instant::now(),
        frame_ms: Vec::new(),
    };
    // Settle: the first frames lay out fonts and the initial view.
    for _ in 0..5 {
        window.frame();
    }
    window.frame_ms.clear();
    let mut out = String::new();
    match args.script {
        Script::Sweep => {
            window.app.push(Command::FitAll);
            window.frame();
            let all = window.app.view();
            let end = all.end_days();
            let steps = 60;
            for i in 1..=steps {
                // Zoom in on the middle until 90 days wide…
                let t = f64::from(i) / f64::from(steps);
                let span = all.span_days * (90.0 / all.span_days).powf(t);
                let center = all.center_days();
                window.app.push(Command::SetView(TimeView::between(
                    center - span / 2.0,
                    center + span / 2.0,
                )));
                window.frame();
            }
            for i in 1..=steps {
                // …pan to the end…
                let t = f64::from(i) / f64::from(steps);
                let center = all.center_days() + (end - 45.0 - all.center_days()) * t;
                window.app.push(Command::SetView(TimeView::between(
                    center - 45.0,
                    center + 45.0,
                )));
                window.frame();
            }
            for i in 1..=steps {
                // …and zoom back out to the whole range.
                let t = f64::from(i) / f64::from(steps);
                let span = 90.0 * (all.span_days / 90.0).powf(t);
                // The right edge stays near the end while the left one moves back.
                let center = (end - span / 2.0) + (all.center_days() - (end - span / 2.0)) * t;
                window.app.push(Command::SetView(TimeView::between(
                    center - span / 2.0,
                    center + span / 2.0,
                )));
                window.frame();
            }
        }
        Script::Search => {
            // The search index is built on the search thread as the timeline arrives: typing
            // starts once it is there, as a person's would a second or two after opening.
            let shown = Instant::now();
            window.frames_until(SourcelineApp::is_search_index_ready);
            let _ = writeln!(
                out,
                "search index ready {:.0} ms after the timeline was shown ({} MB)",
                shown.elapsed().as_secs_f64() * 1000.0,
                window.app.search_index_bytes() / 1_000_000
            );
            window.frame_ms.clear();
            let query = "event 4 on";
            let mut last_key = Instant::now();
            for n in 1..=query.len() {
                last_key = Instant::now();
                window.app.push(Command::SetQuery(query[..n].to_owned()));
                window.frame();
            }
            let after = window.frames_until(SourcelineApp::results_current);
            let _ = writeln!(
                out,
                "results complete after {:.0} ms ({after} frame(s) after the last key)",
                last_key.elapsed().as_secs_f64() * 1000.0
            );
        }
        Script::Edit => {}
        Script::Reload => {
            let original = std::fs::read_to_string(&args.file)?;
            let mut changed = String::with_capacity(original.len() + 16_000);
            // Events only: the sources have titles too.
            let events_at = original.find("\"events\"").unwrap_or(0);
            changed.push_str(&original[..events_at]);
            let part = &original[events_at..];
            let mut count = 0;
            // The first 1,000 event titles get a mark: 1,000 events changed, nothing else. Where
            // each spelling of the key next occurs is found again only once it is passed: a
            // spelling the file never uses was searched for through the whole file each time.
            let keys = ["\"title\":\"", "\"title\": \""];
            let mut next: Vec<Option<usize>> = keys.iter().map(|key| part.find(key)).collect();
            let mut done = 0;
            while count < 1_000
                && let Some((which, at)) = next
                    .iter()
                    .enumerate()
                    .filter_map(|(i, at)| at.map(|at| (i, at)))
                    .min_by_key(|&(_, at)| at)
            {
                let cut = at + keys[which].len();
                changed.push_str(&part[done..cut]);
                changed.push_str("(rev) ");
                done = cut;
                count += 1;
                for (slot, key) in next.iter_mut().zip(keys) {
                    if slot.is_some_and(|at| at < done) {
                        *slot = part[done..].find(key).map(|at| at + done);
                    }
                }
            }
            changed.push_str(&part[done..]);
            write_synced(&args.file, &changed)?;
            window.app.push(Command::Reload);
            // Shown: the load finished and the change summary is up.
            let frames =
                window.frames_until(|app| !app.is_loading() && app.document().changes().is_some());
            std::fs::write(&args.file, &original)?;
            out = format!("{count} titles changed; shown after {frames} frame(s)\n");
            // The frames after it draw the new timeline, its marks and the change bar.
            for _ in 0..10 {
                window.frame();
                std::thread::sleep(Duration::from_millis(16));
            }
        }
    }
    if matches!(args.script, Script::Edit) {
        out = edit_script(&mut window, &args.file)?;
    }
    let mut sorted = window.frame_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    print!("{out}");
    let mut by_time: Vec<(usize, f64)> = window.frame_ms.iter().copied().enumerate().collect();
    by_time.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (frame, ms) in by_time.iter().take(args.worst) {
        println!("frame {frame}: {ms:.2} ms");
    }
    println!(
        "frames {} median {:.2} ms p95 {:.2} ms max {:.2} ms",
        sorted.len(),
        at(0.5),
        at(0.95),
        sorted.last().copied().unwrap_or(0.0)
    );
    Ok(())
}

/// The title event `id` has on screen now.
fn title_of(app: &SourcelineApp, id: &str) -> Option<String> {
    let timeline = app.document().timeline();
    let index = timeline.index_of(id)?;
    timeline
        .events
        .get(index)
        .map(|e| e.title(timeline).to_owned())
}

/// The `edit` script: what it prints before the frame figures.
fn edit_script(window: &mut Window, file: &std::path::Path) -> std::io::Result<String> {
    use sourceline::edit::Edit;
    let original = std::fs::read(file)?;
    let timeline = std::sync::Arc::clone(window.app.document().timeline());
    let count = timeline.events.len();
    // 20 events spread over the timeline, each given a new title.
    let edits: Vec<(String, String, String)> = (0..20)
        .filter_map(|i| timeline.events.get(i * count / 20))
        .map(|event| {
            let id = event.id(&timeline).to_owned();
            let before = event.title(&timeline).to_owned();
            (id, before.clone(), format!("(edited) {before}"))
        })
        .collect();
    let mut shown_ms: Vec<(&str, f64)> = Vec::new();
    let mut timed =
        |window: &mut Window, what: &'static str, done: &dyn Fn(&SourcelineApp) -> bool| {
            let started = Instant::now();
            window.frame();
            window.frames_until(done);
            shown_ms.push((what, started.elapsed().as_secs_f64() * 1000.0));
        };
    for (id, _, after) in &edits {
        let timeline = window.app.document().timeline();
        let Some(event) = timeline.index_of(id).and_then(|i| timeline.events.get(i)) else {
            continue;
        };
        let mut record = sourceline::model::event_record(timeline, event);
        record.title.clone_from(after);
        window.app.push(Command::Edit(Edit::UpdateEvent(record)));
        timed(window, "edit", &|app| {
            title_of(app, id).as_deref() == Some(after.as_str())
        });
    }
    for (id, before, _) in edits.iter().rev() {
        window.app.push(Command::Undo);
        timed(window, "undo", &|app| {
            title_of(app, id).as_deref() == Some(before.as_str())
        });
    }
    for (id, _, after) in &edits {
        window.app.push(Command::Redo);
        timed(window, "redo", &|app| {
            title_of(app, id).as_deref() == Some(after.as_str())
        });
    }
    window.app.push(Command::Save);
    timed(window, "save", &|app| !app.document().is_dirty());
    std::fs::write(file, &original)?;
    let mut out = String::new();
    for what in ["edit", "undo", "redo", "save"] {
        let mut these: Vec<f64> = shown_ms
            .iter()
            .filter(|(w, _)| *w == what)
            .map(|&(_, ms)| ms)
            .collect();
        these.sort_by(f64::total_cmp);
        if let (Some(first), Some(last)) = (these.first(), these.last()) {
            let _ = writeln!(
                out,
                "{what}: {} shown after {:.0} ms median ({first:.0}-{last:.0})",
                these.len(),
                these[these.len() / 2]
            );
        }
    }
    Ok(out)
}
