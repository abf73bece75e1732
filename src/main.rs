//! The `sourceline` binary: parses the command line and hands it to [`sourceline::cli`], or opens
//! the window.

use std::path::Path;
use std::process::ExitCode;

use clap::Parser as _;
use sourceline::app::{Persisted, STORAGE_KEY, SourcelineApp};
use sourceline::cli::Cli;

fn main() -> ExitCode {
    // sourceline's own warnings by default, and only errors from the libraries under it (winit
    // and wgpu warn about display details a user cannot act on); RUST_LOG=debug shows more.
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("error,sourceline=warn"),
    )
    .format_timestamp_millis()
    .init();
    let cli = Cli::parse();
    match cli.command {
        Some(command) => sourceline::cli::run(command).print(),
        None => run_viewer(cli.file.as_deref()),
    }
}

fn run_viewer(file: Option<&Path>) -> ExitCode {
    let launched = std::time::Instant::now();
    let file = file.map(Path::to_path_buf);
    // The file named is read and checked while the window and its graphics are made, on the
    // same absolute path the window will show.
    let preload = file.clone().map(|file| {
        let path = std::path::absolute(&file).unwrap_or(file);
        std::thread::spawn(move || sourceline::load::load(&path))
    });
    // The icon the packages install; drawn in packaging/icons/, shown by the window itself too.
    let icon = eframe::icon_data::from_png_bytes(include_bytes!(
        "../packaging/icons/hicolor/256x256/apps/io.github.sourceline.Sourceline.png"
    ))
    .map_err(|e| log::warn!("window icon: {e}"))
    .ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("sourceline")
        // The desktop entry's name (and StartupWMClass): desktops match the window to it.
        .with_app_id(sourceline::APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let result = eframe::run_native(
        "sourceline",
        options,
        Box::new(move |cc| {
            let persisted: Persisted = cc
                .storage
                .and_then(|s| eframe::get_value(s, STORAGE_KEY))
                .unwrap_or_default();
            log::debug!("viewer: window made");
            let preloaded = preload.and_then(|load| load.join().ok());
            log::debug!("viewer: file loaded");
            let app =
                SourcelineApp::restore_preloaded(&persisted, file.as_deref(), preloaded, || {
                    // The bundled data is checked by the test suite; if it were broken, say so and
                    // show an empty timeline rather than crash.
                    sourceline::load::bundled::load_bundled().unwrap_or_else(|e| {
                        for d in &e.diagnostics {
                            log::error!("bundled timeline: {d}");
                        }
                        sourceline::load::Loaded {
                            timeline: sourceline::model::Timeline::default(),
                            diagnostics: Vec::new(),
                        }
                    })
                });
            log::debug!("viewer: window state made");
            let mut app = app;
            app.log_first_frame_since(launched);
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            log::error!("cannot open the window: {error}");
            ExitCode::from(1)
        }
    }
}
