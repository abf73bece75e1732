//! sourceline: a timeline whose every event links back to the exact passage of its source
//! article. The crate is laid out by pipeline stage; read the folders in this order
//! (`ARCHITECTURE.md` has the map):
//!
//! 1. [`model`]: the events file's records, the timeline, the text store, dates;
//! 2. [`load`]: parse, validate, read articles, anchor quotes, locate diagnostics;
//! 3. [`edit`]: changes to the file as minimal text splices, undo history, atomic saves;
//! 4. [`document`]: the open file over time (background loads, following, change summaries);
//! 5. [`timeline`]: pure view maths (time view and axis, ticks, filter, lanes, layout);
//! 6. [`import`] and [`export`]: timelines in from TimelineJS and tables, and out as briefs,
//!    CSV, TimelineJS and a one-file HTML page;
//! 7. [`cli`] and [`app`]: the command line, and the window (the only module that uses egui or
//!    eframe).
//!
//! Each stage imports only the stages before it (`tests/architecture.rs` checks).

pub mod app;
pub mod cli;
pub mod document;
pub mod edit;
pub mod export;
pub mod import;
pub mod load;
pub mod model;
pub mod timeline;

/// The application's id: the window's app id (Wayland) and class (X11), the desktop entry's and
/// the icon's name, and the `AppStream` id, so that desktops match the running window to them.
pub const APP_ID: &str = "io.github.sourceline.Sourceline";
