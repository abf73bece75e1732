//! The sources panel, a tab beside Events: every source with its publisher, kind, publication
//! date, how many events it supports and how its passages anchored; sorted by date, publisher
//! or events. Clicking one opens its article in the reader with every cited passage lit
//! ("article-first reading").

use egui::Ui;

use super::FrameContext;
use super::command::Command;
use crate::timeline::reports::SourceStats;

/// How the sources are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SourceOrder {
    /// Publication date, earliest first.
    #[default]
    Date,
    /// Publisher, A to Z.
    Publisher,
    /// Events supported, most first.
    Events,
}

/// The sources panel. Its own state: the order.
#[derive(Default)]
pub struct SourcesPanel {
    order: SourceOrder,
}

impl SourcesPanel {
    /// Draws the list.
    pub fn ui(&mut self, ui: &mut Ui, cx: &FrameContext<'_>, commands: &mut Vec<Command>) {
        let timeline = cx.state.document.timeline();
        let stats = &cx.state.source_stats;
        ui.horizontal(|ui| {
            ui.label("Sort by");
            for (order, name) in [
                (SourceOrder::Date, "date"),
                (SourceOrder::Publisher, "publisher"),
                (SourceOrder::Events, "events"),
            ] {
                ui.selectable_value(&mut self.order, order, name);
            }
        });
        ui.separator();
        let mut order: Vec<usize> = (0..timeline.sources.len()).collect();
        let sources = &timeline.sources;
        let events_of = |i: usize| stats.get(i).map_or(0, |s| s.events);
        match self.order {
            SourceOrder::Date => order.sort_by_key(|&i| sources[i].published),
            SourceOrder::Publisher => {
                order.sort_by_key(|&i| sources[i].record.publisher.to_lowercase());
            }
            SourceOrder::Events => order.sort_by_key(|&i| std::cmp::Reverse(events_of(i))),
        }
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                for i in order {
                    let Some(source) = sources.get(i) else {
                        continue;
                    };
                    let record = &source.record;
                    let stat = stats.get(i).copied().unwrap_or(SourceStats::default());
                    let about = if record.published_approximate {
                        "about "
                    } else {
                        ""
                    };
                    let kind = match (record.kind, record.reliability) {
                        (Some(k), Some(g)) => format!("{} · grade {}", k.label(), g.letter()),
                        (Some(k), None) => k.label().to_owned(),
                        (None, Some(g)) => format!("grade {}", g.letter()),
                        (None, None) => "kind not said".to_owned(),
                    };
                    let text = format!(
                        "{}\n{}\n{kind} · {about}{} · {} event{} · {}",
                        record.publisher,
                        record.title,
                        source.published,
                        stat.events,
                        if stat.events == 1 { "" } else { "s" },
                        stat.describe_anchors()
                    );
                    let open = cx.state.reader_source.as_deref() == Some(record.id.as_str());
                    if ui
                        .add(
                            egui::Button::selectable(open, text)
                                .wrap_mode(egui::TextWrapMode::Wrap),
                        )
                        .clicked()
                    {
                        commands.push(Command::ReadSource(Some(record.id.clone())));
                    }
                }
            });
    }
}
