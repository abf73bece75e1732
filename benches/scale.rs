//! Scale benchmarks (issue #5) on generated timelines of 10k, 100k and 1M events:
//! loading (parse, index, anchor), the visible-range query and layout at three zooms, one whole
//! headless UI frame (egui pass plus tessellation, no GPU), and selecting an event (the frame
//! that shows its passage in the reader).
//!
//! Inputs are written once by the generator (seed 7) into `target/bench-data/`. Set
//! `SOURCELINE_BENCH_SIZES=10000,100000` to run fewer sizes.
#![expect(
    clippy::unwrap_used,
    reason = "a benchmark without its input should stop loudly"
)]

#[path = "../examples/generate.rs"]
#[expect(dead_code, reason = "the generator's command line is not used here")]
mod generate;

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sourceline::app::{Command, SourcelineApp};
use sourceline::document::Document;
use sourceline::load::{Loaded, load};
use sourceline::model::Timeline;
use sourceline::timeline::axis::{TimeAxis, TimeView};
use sourceline::timeline::layout::{
    LaneMode, LayoutOptions, event_extent_days, index_lanes, lanes, layout,
};

/// Plot width the layout benchmarks use, about what a 1280 px window leaves.
const WIDTH_PX: f64 = 700.0;

fn sizes() -> Vec<usize> {
    std::env::var("SOURCELINE_BENCH_SIZES").ok().map_or_else(
        || vec![10_000, 100_000, 1_000_000],
        |s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
    )
}

/// The generated events file for `n` events, written on first use.
fn input(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-data")
        .join(format!("n{n}"));
    let done = dir.join("complete");
    if !done.exists() {
        generate::write(n, 7, &dir).unwrap();
        std::fs::write(&done, b"").unwrap();
    }
    dir.join("events.json")
}

fn loaded(n: usize) -> Loaded {
    load(&input(n)).unwrap()
}

/// Full zoom-out, a month and a day, the latter two centred on the median event.
fn zooms(timeline: &Timeline) -> [(&'static str, TimeView); 3] {
    let middle = event_extent_days(&timeline.events[timeline.events.len() / 2]).0;
    [
        ("all", sourceline::timeline::view::fit_all(timeline)),
        ("month", TimeView::between(middle - 15.0, middle + 15.0)),
        ("day", TimeView::between(middle - 0.5, middle + 0.5)),
    ]
}

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for n in sizes() {
        let path = input(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &path, |b, path| {
            b.iter_with_large_drop(|| load(path).unwrap());
        });
        // The floor: reading the file and tokenising it with serde_json, building nothing.
        group.bench_with_input(BenchmarkId::new("json-floor", n), &path, |b, path| {
            b.iter(|| {
                let text = std::fs::read_to_string(path).unwrap();
                serde_json::from_str::<serde::de::IgnoredAny>(&text).unwrap()
            });
        });
    }
    group.finish();
}

fn bench_layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    for n in sizes() {
        let timeline = loaded(n).timeline;
        let lanes = lanes(&timeline, LaneMode::ByActor);
        let index = index_lanes(&timeline, &lanes, |_| true);
        let options = LayoutOptions {
            merge_px: 11.0,
            ..LayoutOptions::default()
        };
        for (zoom, view) in zooms(&timeline) {
            let axis = TimeAxis::new(view, 0.0, WIDTH_PX);
            group.bench_function(BenchmarkId::new(format!("query/{zoom}"), n), |b| {
                let (from, to) = (view.start_days, view.start_days + view.span_days);
                b.iter(|| {
                    index
                        .iter()
                        .map(|lane| {
                            lane.points.candidates(from, to).len()
                                + lane
                                    .long
                                    .iter()
                                    .map(|l| l.candidates(from, to).len())
                                    .sum::<usize>()
                        })
                        .sum::<usize>()
                });
            });
            group.bench_function(BenchmarkId::new(format!("layout/{zoom}"), n), |b| {
                b.iter(|| layout(black_box(&timeline), &index, axis, options));
            });
        }
    }
    group.finish();
}

/// A 1280×800 window's input for frame `frame`.
fn raw_input(frame: u32) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        time: Some(f64::from(frame) / 60.0),
        ..egui::RawInput::default()
    }
}

/// One whole frame: the egui pass and tessellation of everything it painted.
fn frame(ctx: &egui::Context, app: &mut SourcelineApp, number: u32) -> usize {
    let output = ctx.run_ui(raw_input(number), |ui| app.ui(ui));
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives.len()
}

fn app_for(n: usize) -> (egui::Context, SourcelineApp) {
    let app = SourcelineApp::new(Document::new(None, loaded(n)));
    (egui::Context::default(), app)
}

fn bench_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for n in sizes() {
        let (ctx, mut app) = app_for(n);
        let views = zooms(app.timeline());
        let mut number = 0;
        for (zoom, view) in views {
            app.push(Command::SetView(view));
            // Apply the view and settle fonts and caches before measuring.
            for _ in 0..3 {
                number += 1;
                frame(&ctx, &mut app, number);
            }
            group.bench_function(BenchmarkId::new(zoom, n), |b| {
                b.iter(|| {
                    number += 1;
                    frame(&ctx, &mut app, number)
                });
            });
        }
    }
    group.finish();
}

fn bench_select(c: &mut Criterion) {
    let mut group = c.benchmark_group("select");
    for n in sizes() {
        let (ctx, mut app) = app_for(n);
        let count = app.timeline().events.len();
        let [_, (_, month), _] = zooms(app.timeline());
        app.push(Command::SetView(month));
        let mut number = 0;
        for _ in 0..3 {
            number += 1;
            frame(&ctx, &mut app, number);
        }
        let mut pick = 0_usize;
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                // A different event (and article) every time, as a reader clicking around.
                pick = (pick + 7_919) % count;
                app.push(Command::Select(Some(pick)));
                number += 1;
                frame(&ctx, &mut app, number);
                // The command applies after that frame's drawing; this frame shows the passage.
                number += 1;
                frame(&ctx, &mut app, number)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_load, bench_layout, bench_frame, bench_select);
criterion_main!(benches);
