//! Timelines in and out from the window: File > Import TimelineJS… and File > Export what is
//! shown. The work is the command line's (`crate::import`, `crate::export`); this is where the
//! window's state takes in what it did.

use std::path::Path;

use super::SourcelineApp;
use super::command::Command;

impl SourcelineApp {
    /// Imports a TimelineJS file into `NAME-sourceline/events.json` beside it and opens that.
    pub(super) fn import(&mut self, path: &Path, now: f64) {
        let beside = path.parent().unwrap_or(Path::new("."));
        let folder = crate::import::default_folder(path, beside);
        match crate::import::import_file(path, &folder, None) {
            Ok(imported) => {
                log::info!("{}", imported.report.describe());
                self.state.notice = Some(format!("Imported: {}", imported.report.headline()));
                self.apply(Command::LoadFile(imported.events_file), now);
            }
            Err(failure) => {
                log::warn!("{failure}");
                self.state.notice = Some(format!("Not imported: {failure}"));
            }
        }
    }

    /// Writes what the filter shows, in `format`, beside the events file
    /// (`events.brief.md`, `events.timelinejs.json`, `events.citations.csv`, `events.page.html`:
    /// quotes only, never whole articles).
    pub(super) fn export(&mut self, format: crate::export::Format) {
        let state = &mut self.state;
        let Some(path) = state.document.path().map(std::path::Path::to_path_buf) else {
            state.notice =
                Some("Save as… first: the export goes beside the events file.".to_owned());
            return;
        };
        state.refresh_derived();
        let ending = match format {
            crate::export::Format::Markdown => "brief.md",
            crate::export::Format::Timelinejs => "timelinejs.json",
            crate::export::Format::Csv => "citations.csv",
            crate::export::Format::Html => "page.html",
        };
        let stem = path
            .file_stem()
            .map_or_else(|| "events".into(), |s| s.to_string_lossy());
        let target = path.with_file_name(format!("{stem}.{ending}"));
        let written = crate::export::export(
            state.document.timeline(),
            &state.derived.passing,
            format,
            false,
        )
        .and_then(|text| {
            let protected = crate::edit::save::export_protected(&path, state.document.timeline());
            crate::edit::save::write_export(&target, text.as_bytes(), &protected)
                .map_err(|e| e.to_string())
        });
        state.notice = Some(match written {
            Ok(()) => format!(
                "Exported {} event(s) to {}.",
                state.derived.passing.len(),
                target.display()
            ),
            Err(e) => format!("Not exported: {e}."),
        });
    }

    /// Asks for a screenshot; when it arrives the canvas is cut out of it and written as
    /// `NAME.view.png` beside the events file.
    pub(super) fn export_png(&mut self) {
        let (Some(path), Some(ctx)) = (
            self.state.document.path().map(std::path::Path::to_path_buf),
            self.egui_ctx.clone(),
        ) else {
            self.state.notice =
                Some("Save as… first: the image goes beside the events file.".to_owned());
            return;
        };
        let stem = path
            .file_stem()
            .map_or_else(|| "events".into(), |s| s.to_string_lossy());
        let target = path.with_file_name(format!("{stem}.view.png"));
        let rect = self.canvas.rect();
        let pixels_per_point = ctx.pixels_per_point();
        let (sender, receiver) = std::sync::mpsc::channel();
        self.png_result = Some(receiver);
        let wake = ctx.clone();
        ctx.request_screenshot(move |image| {
            let canvas = image.region(&rect, Some(pixels_per_point));
            let written = png_bytes(&canvas).and_then(|bytes| {
                crate::edit::save::write_atomically(&target, &bytes).map_err(|e| e.to_string())
            });
            let _ = sender.send(written.map(|()| target));
            wake.request_repaint();
        });
    }

    /// Takes in a finished PNG export.
    pub(super) fn take_png(&mut self) {
        let Some(receiver) = &self.png_result else {
            return;
        };
        if let Ok(result) = receiver.try_recv() {
            self.png_result = None;
            self.state.notice = Some(match result {
                Ok(path) => format!("Saved the view as {}.", path.display()),
                Err(e) => format!("The view was not saved: {e}."),
            });
        }
    }
}

/// An image as PNG bytes (8-bit RGBA).
///
/// # Errors
/// What the encoder said.
pub fn png_bytes(image: &egui::ColorImage) -> Result<Vec<u8>, String> {
    let [width, height] = image.size;
    let (Ok(width), Ok(height)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err("the image is too large".to_owned());
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(image.as_raw())
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_decodes_back_to_its_pixels() {
        let mut rgba = vec![0_u8; 3 * 2 * 4];
        rgba[16..20].copy_from_slice(&[255, 0, 0, 255]);
        let image = egui::ColorImage::from_rgba_unmultiplied([3, 2], &rgba);
        let bytes = png_bytes(&image).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buffer).unwrap();
        assert_eq!((info.width, info.height), (3, 2));
        assert_eq!(&buffer[16..20], &[255, 0, 0, 255]);
    }
}
