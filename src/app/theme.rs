//! Every colour, stroke, size and font of the window. This is the one file that builds a
//! `Color32`: clippy's `disallowed-methods` (clippy.toml) keeps colour constructors and colour
//! arithmetic out of every other file, and `tests/architecture.rs` keeps out the colour constants.
#![expect(
    clippy::disallowed_methods,
    reason = "the theme is the one place colours are made"
)]

use egui::{Color32, FontId, Stroke, Visuals};

/// Left gutter of the canvas, for lane names.
pub const GUTTER_PX: f32 = 118.0;
/// Height of the time axis strip at the top of the canvas.
pub const AXIS_PX: f32 = 40.0;
/// Where tick labels start below the top of the canvas (above them: the context labels).
pub const TICK_LABEL_TOP_PX: f32 = 22.0;
/// Where the grid lines start below the top of the canvas.
pub const GRID_TOP_PX: f32 = 20.0;
/// Height of one label row under a lane's markers.
pub const ROW_PX: f32 = 15.0;
/// Height of a lane's marker row.
pub const MARK_ROW_PX: f32 = 18.0;
/// Room under a lane's label rows.
pub const LANE_GAP_PX: f32 = 6.0;
/// Height of the density strip at the foot of the canvas.
pub const DENSITY_PX: f32 = 26.0;
/// Day events closer than this in a lane merge: dots are 10 px wide and would overlap.
pub const MERGE_PX: f64 = 11.0;
/// Radius of a day event's dot.
pub const DOT_RADIUS_PX: f32 = 5.0;
/// Side of the square that catches clicks on a dot.
pub const DOT_HIT_PX: f32 = 14.0;
/// Radius of the badge on an event the last reload added or changed.
pub const BADGE_RADIUS_PX: f32 = 3.5;
/// How far the selection ring stands off a mark.
pub const RING_GAP_PX: f32 = 3.0;
/// Half the height of a cluster pill.
pub const PILL_HALF_HEIGHT_PX: f32 = 7.0;
/// How far a cluster pill reaches past its first and last member.
pub const PILL_PAD_PX: f32 = 6.0;
/// A band group narrower than this shows its bare count, centred.
pub const BAND_GROUP_LABEL_MIN_PX: f32 = 70.0;
/// Default width of the events list.
pub const LIST_WIDTH_PX: f32 = 270.0;
/// Lines of a title in the events list before it is elided (the whole title is in the tooltip).
pub const LIST_TITLE_ROWS: usize = 2;
/// Default width of the reader.
pub const READER_WIDTH_PX: f32 = 400.0;
/// The most height the reader gives "Also reported by" before it scrolls.
pub const ALSO_REPORTED_HEIGHT_PX: f32 = 180.0;
/// Default width of the editor.
pub const EDITOR_WIDTH_PX: f32 = 320.0;
/// Default height of the error panel.
pub const ERRORS_HEIGHT_PX: f32 = 140.0;
/// Width of the search box.
pub const SEARCH_WIDTH_PX: f32 = 220.0;
/// Width of the load progress bar.
pub const PROGRESS_WIDTH_PX: f32 = 160.0;
/// Widest an event's tooltip grows.
pub const TOOLTIP_WIDTH_PX: f32 = 320.0;
/// Default width of the warnings window.
pub const WARNINGS_WIDTH_PX: f32 = 560.0;

/// Lane colours, repeated when there are more lanes.
const PALETTE: [Color32; 8] = [
    Color32::from_rgb(52, 110, 200),
    Color32::from_rgb(200, 70, 60),
    Color32::from_rgb(40, 150, 90),
    Color32::from_rgb(150, 90, 190),
    Color32::from_rgb(210, 130, 30),
    Color32::from_rgb(30, 150, 160),
    Color32::from_rgb(190, 80, 140),
    Color32::from_rgb(110, 120, 40),
];

/// Tick labels and event labels on the canvas.
pub fn tick_font() -> FontId {
    FontId::proportional(12.0)
}

/// The context row above the ticks ("2025", "February 2025") and lane names.
pub fn heading_font() -> FontId {
    FontId::proportional(13.0)
}

/// Counts on clusters.
pub fn count_font() -> FontId {
    FontId::proportional(11.0)
}

/// The article in the reader.
pub fn article_font() -> FontId {
    FontId::proportional(14.0)
}

/// The date line of a row in the events list.
pub fn list_date_font() -> FontId {
    FontId::proportional(11.0)
}

/// The title of a row in the events list.
pub fn list_title_font() -> FontId {
    FontId::proportional(13.0)
}

/// The message on an empty canvas.
pub fn empty_font() -> FontId {
    FontId::proportional(16.0)
}

/// The hint over the window while a file is dragged onto it.
pub fn drop_font() -> FontId {
    FontId::proportional(24.0)
}

/// The colours of one frame, taken from egui's visuals (so dark and light mode both work)
/// plus sourceline's own.
#[derive(Clone, Debug)]
pub struct Theme {
    /// Body text.
    pub text: Color32,
    /// Secondary text.
    pub weak_text: Color32,
    /// Emphasised text.
    pub strong_text: Color32,
    /// Warnings and notices.
    pub warn: Color32,
    /// Errors.
    pub error: Color32,
    /// Selection and search hits.
    pub accent: Color32,
    /// Text on the accent colour.
    pub on_accent: Color32,
    /// Behind the canvas.
    pub canvas_bg: Color32,
    /// Every other lane, and chips.
    pub faint_bg: Color32,
    /// A hovered row.
    pub hover_bg: Color32,
    /// Vertical grid lines.
    pub grid: Stroke,
    /// The line under the axis strip.
    pub axis_line: Stroke,
    /// Bars of the density histogram.
    pub density_bar: Color32,
    /// The passage the reader shows.
    pub passage_chosen: Color32,
    /// Passages other events cite.
    pub passage_other: Color32,
    /// The faint line under a date mention in an article.
    pub date_mention: Stroke,
    /// Behind text with no highlight.
    pub transparent: Color32,
    /// Dims the window while a file is dragged over it.
    pub drop_veil: Color32,
    /// The hint on the veil.
    pub drop_text: Color32,
    /// Count on a pill of merged day events.
    pub pill_text: Color32,
    /// The badge on events the last reload added or changed.
    pub changed_badge: Color32,
    /// Behind a named period.
    pub era_fill: Color32,
    /// An era's title.
    pub era_text: Color32,
}

impl Theme {
    /// The theme for egui's current visuals.
    pub fn from_visuals(visuals: &Visuals) -> Self {
        Self {
            text: visuals.text_color(),
            weak_text: visuals.weak_text_color(),
            strong_text: visuals.strong_text_color(),
            warn: visuals.warn_fg_color,
            error: visuals.error_fg_color,
            accent: visuals.selection.bg_fill,
            on_accent: visuals.selection.stroke.color,
            canvas_bg: visuals.extreme_bg_color,
            faint_bg: visuals.faint_bg_color,
            hover_bg: visuals.widgets.hovered.weak_bg_fill,
            grid: Stroke::new(
                1.0,
                visuals
                    .widgets
                    .noninteractive
                    .bg_stroke
                    .color
                    .gamma_multiply(0.6),
            ),
            axis_line: visuals.widgets.noninteractive.bg_stroke,
            density_bar: visuals.widgets.inactive.fg_stroke.color.gamma_multiply(0.6),
            passage_chosen: Color32::from_rgba_unmultiplied(255, 200, 0, 140),
            passage_other: Color32::from_rgba_unmultiplied(120, 170, 255, 60),
            date_mention: Stroke::new(
                1.0,
                visuals.widgets.inactive.fg_stroke.color.gamma_multiply(0.5),
            ),
            transparent: Color32::TRANSPARENT,
            drop_veil: Color32::from_black_alpha(160),
            drop_text: Color32::WHITE,
            pill_text: Color32::WHITE,
            changed_badge: Color32::from_rgb(240, 140, 20),
            era_fill: Color32::from_rgba_unmultiplied(150, 150, 200, 18),
            era_text: visuals.weak_text_color(),
        }
    }

    /// A lane's colour, faded when none of what it marks matches the search.
    pub fn lane(&self, lane: usize, matched: bool) -> Color32 {
        let color = PALETTE[lane % PALETTE.len()];
        if matched {
            color
        } else {
            color.gamma_multiply(0.2)
        }
    }

    /// An event no passage cites yet: grey, faded further when it does not match the search.
    pub fn unsourced(&self, matched: bool) -> Color32 {
        let grey = Color32::from_gray(140);
        if matched {
            grey
        } else {
            grey.gamma_multiply(0.2)
        }
    }

    /// Inside the ring of an approximate day event.
    pub fn hollow_fill(&self, color: Color32) -> Color32 {
        color.gamma_multiply(0.25)
    }

    /// Inside a month or year band: fainter when approximate.
    pub fn band_fill(&self, color: Color32, approximate: bool) -> Color32 {
        color.gamma_multiply(if approximate { 0.12 } else { 0.25 })
    }

    /// A span's bar: half strength when approximate.
    pub fn span_fill(&self, color: Color32, approximate: bool) -> Color32 {
        color.gamma_multiply(if approximate { 0.5 } else { 1.0 })
    }

    /// The ring of an approximate day event.
    pub fn hollow_stroke(&self, color: Color32) -> Stroke {
        Stroke::new(1.5, color)
    }

    /// The edges of a band.
    pub fn band_stroke(&self, color: Color32) -> Stroke {
        Stroke::new(1.0, color)
    }

    /// The ring around the selected mark.
    pub fn selection_stroke(&self) -> Stroke {
        Stroke::new(2.0, self.accent)
    }

    /// The thin line from a mark to its label.
    pub fn leader_stroke(&self, color: Color32) -> Stroke {
        Stroke::new(0.5, color.gamma_multiply(0.5))
    }

    /// An event label on the canvas: faded when it does not match the search.
    pub fn label_text(&self, matched: bool) -> Color32 {
        if matched {
            self.text
        } else {
            self.weak_text.gamma_multiply(0.5)
        }
    }

    /// Behind merged bands and spans (a faint band, so what is drawn over it stays legible).
    pub fn band_group_fill(&self, color: Color32) -> Color32 {
        color.gamma_multiply(0.3)
    }

    /// The line from an event to its first report: stronger for the selected event.
    pub fn reported_stroke(&self, color: Color32, selected: bool) -> Stroke {
        if selected {
            Stroke::new(2.0, self.accent)
        } else {
            Stroke::new(1.0, color.gamma_multiply(0.6))
        }
    }

    /// The bar over the dates sources give for an event when they disagree.
    pub fn spread_fill(&self, color: Color32) -> Color32 {
        color.gamma_multiply(0.35)
    }

    /// The ring around an event several publishers report: thicker with more of them.
    pub fn corroboration_stroke(&self, color: Color32, publishers: usize) -> Stroke {
        Stroke::new(
            (publishers.saturating_sub(1)).min(3) as f32,
            color.gamma_multiply(0.7),
        )
    }

    /// The frame of the current view on the density strip.
    pub fn view_frame_stroke(&self) -> Stroke {
        Stroke::new(1.5, self.strong_text)
    }

    /// A density bar or search-hit bar.
    pub fn density_stroke(&self, hit: bool) -> Stroke {
        Stroke::new(1.0, if hit { self.accent } else { self.density_bar })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_cycle_through_distinct_colours() {
        let theme = Theme::from_visuals(&Visuals::light());
        let colours: Vec<Color32> = (0..PALETTE.len()).map(|l| theme.lane(l, true)).collect();
        for (i, a) in colours.iter().enumerate() {
            assert!(colours[i + 1..].iter().all(|b| b != a), "lane {i} repeats");
        }
        assert_eq!(theme.lane(PALETTE.len(), true), theme.lane(0, true));
        assert_ne!(theme.lane(0, false), theme.lane(0, true));
    }

    #[test]
    fn dark_and_light_differ_where_egui_does() {
        let dark = Theme::from_visuals(&Visuals::dark());
        let light = Theme::from_visuals(&Visuals::light());
        assert_ne!(dark.canvas_bg, light.canvas_bg);
        assert_ne!(dark.text, light.text);
        // Highlights are sourceline's own, the same in both.
        assert_eq!(dark.passage_chosen, light.passage_chosen);
    }
}
