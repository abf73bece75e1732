//! The commands of the search in articles: the mode, the query, opening a hit in the reader,
//! stepping through the hits, and citing one. With [`super::command`], the only place the
//! window's state changes.

use super::SourcelineApp;
use super::command::Command;
use super::state::LeftTab;
use crate::edit::cite::citation_for;
use crate::timeline::archive_search::sentence_around;
use crate::timeline::search::step_cursor;

impl SourcelineApp {
    /// Applies a command of the search in articles (see [`Command`]).
    pub(super) fn apply_archive_command(&mut self, command: Command, now: f64) {
        let state = &mut self.state;
        match command {
            Command::SetArchiveMode(on) => {
                state.archive.in_articles = on;
                state.left_tab = if on {
                    LeftTab::Articles
                } else {
                    LeftTab::Events
                };
                state.show_list = true;
                state.focus_search_generation += 1;
            }
            Command::SetArchiveQuery(query) => state.archive.query = query,
            Command::OpenHit(index) => {
                let timeline = state.document.timeline();
                let Some((source, range)) = state.archive.hit(index) else {
                    return;
                };
                let Some(id) = timeline.sources.get(source).map(|s| s.record.id.clone()) else {
                    return;
                };
                state.archive.cursor = Some(index);
                state.archive.opened = Some((id.clone(), range));
                state.reader_source = Some(id);
                state.passage_cursor = None;
                state.selection_generation += 1;
            }
            Command::StepHit(step) => {
                let count = state.archive.hits_shown();
                if let Some(next) = step_cursor(state.archive.cursor, count, step) {
                    self.apply(Command::OpenHit(next), now);
                }
            }
            Command::CiteHit { new_event } => self.cite_hit(new_event, now),
            Command::Select(_)
            | Command::SelectAndReveal(_)
            | Command::SetView(_)
            | Command::AnimateTo(_)
            | Command::FitAll
            | Command::Step(_)
            | Command::Jump(_)
            | Command::StepMatch(_)
            | Command::SetQuery(_)
            | Command::FocusSearch
            | Command::Escape
            | Command::ToggleHelp
            | Command::ToggleList
            | Command::ToggleWarnings
            | Command::ChooseCitation(_)
            | Command::NextPending
            | Command::SetLaneMode(_)
            | Command::ToggleActor(_)
            | Command::ToggleTag(_)
            | Command::ToggleReported
            | Command::SetTimeBasis(_)
            | Command::ShowTab(_)
            | Command::StepPassage(_)
            | Command::ToggleSingleSource
            | Command::ToggleUnsourced
            | Command::ToggleKind(_)
            | Command::ToggleGrade(_)
            | Command::Open
            | Command::LoadFile(_)
            | Command::Reload
            | Command::CancelLoad
            | Command::ToggleFollow
            | Command::DismissChanges
            | Command::Copy(_)
            | Command::Edit(_)
            | Command::Undo
            | Command::Redo
            | Command::Save
            | Command::SaveAs
            | Command::SaveInto(_)
            | Command::Resolve(_)
            | Command::Conflict(_)
            | Command::EditEvent(_)
            | Command::DeleteSelected(_)
            | Command::AskBeforeClose
            | Command::DismissMerge
            | Command::CloseEditor
            | Command::NewEventCiting(_)
            | Command::AddCitation(_)
            | Command::ReadSource(_)
            | Command::ArchiveSource(_)
            | Command::PickImport
            | Command::Import(_)
            | Command::ExportPng
            | Command::Export(_)
            | Command::PickArticle
            | Command::PasteArticle
            | Command::AddArticle(_)
            | Command::CreateSource(_)
            | Command::AskUrl
            | Command::FetchUrl(_)
            | Command::ArchiveLinked
            | Command::ArchiveFromWeb(_)
            | Command::CancelCapture
            | Command::DismissCaptureReport
            | Command::ChoosePassage { .. } => {}
        }
    }

    /// Cites the sentence that holds the chosen hit (the first, when none is chosen), anchored
    /// exactly and uniquely as any citation: for the selected event, or for a new one. A hit that
    /// cannot be cited says why in the notice.
    fn cite_hit(&mut self, new_event: bool, now: f64) {
        let state = &mut self.state;
        let index = state.archive.cursor.unwrap_or(0);
        let timeline = state.document.timeline();
        let Some((source_index, hit)) = state.archive.hit(index) else {
            state.notice = Some("No hit to cite: search in articles first.".to_owned());
            return;
        };
        let Some(source) = timeline.sources.get(source_index) else {
            return;
        };
        let sentence = sentence_around(&source.text, &hit);
        match citation_for(&source.text, sentence, &source.record.id) {
            Ok((citation, _)) => {
                let command = if new_event || state.selected.is_none() {
                    Command::NewEventCiting(citation)
                } else {
                    Command::AddCitation(citation)
                };
                self.apply(command, now);
            }
            Err(why) => state.notice = Some(format!("Cannot cite this hit: {why}.")),
        }
    }
}
