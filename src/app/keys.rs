//! From keys to commands: [`key_presses`] reads this frame's presses out of egui's input, and
//! [`commands_from_keys`] maps them to commands. The mapping is a pure function, unit-tested
//! below; the help overlay's [`super::help::CONTROLS`] documents it.

use egui::{Key, Modifiers};

use super::command::Command;
use crate::timeline::axis::TimeView;

/// One key pressed this frame, with the modifiers held at the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPress {
    /// The key.
    pub key: Key,
    /// Ctrl, Shift, Alt, Cmd.
    pub modifiers: Modifiers,
}

impl KeyPress {
    /// A press with no modifiers.
    pub fn plain(key: Key) -> Self {
        Self {
            key,
            modifiers: Modifiers::NONE,
        }
    }

    /// A press with Ctrl (Cmd on a Mac).
    pub fn command(key: Key) -> Self {
        Self {
            key,
            modifiers: Modifiers::COMMAND,
        }
    }
}

/// What the key mapping needs to know besides the keys.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyContext {
    /// A text field has the keyboard focus: only shortcuts with Ctrl, Esc and function keys
    /// act, the rest is typing.
    pub typing: bool,
    /// The view shown, for zooming.
    pub view: TimeView,
    /// The time under the mouse pointer when it is over the canvas: keys zoom about it.
    pub pointer_days: Option<f64>,
    /// The selected event, which E edits and Delete deletes.
    pub selected: Option<usize>,
    /// An article is read on its own: the arrows step through its passages, not the events.
    pub reading_source: bool,
    /// The search box searches the articles: Ctrl + Enter cites the chosen hit.
    pub in_articles: bool,
}

/// The keys pressed this frame (repeats included), in order.
pub fn key_presses(input: &egui::InputState) -> Vec<KeyPress> {
    input
        .events
        .iter()
        .filter_map(|event| match event {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => Some(KeyPress {
                key: *key,
                modifiers: *modifiers,
            }),
            _ => None,
        })
        .collect()
}

/// The commands `presses` ask for.
pub fn commands_from_keys(presses: &[KeyPress], cx: KeyContext) -> Vec<Command> {
    let mut commands = Vec::new();
    for press in presses {
        if let Some(command) = command_for(*press, cx) {
            commands.push(command);
        }
    }
    commands
}

fn command_for(press: KeyPress, cx: KeyContext) -> Option<Command> {
    let KeyPress { key, modifiers } = press;
    // Shortcuts that act even while typing in a field; undo and redo belong to the field then.
    if modifiers.command {
        return match key {
            Key::F if modifiers.shift => Some(Command::SetArchiveMode(true)),
            Key::F => Some(Command::FocusSearch),
            // In the search box, the toolbar cites (Enter ends its editing there).
            Key::Enter if cx.in_articles && !cx.typing => Some(Command::CiteHit {
                new_event: modifiers.shift,
            }),
            Key::O => Some(Command::Open),
            Key::R => Some(Command::Reload),
            Key::S => Some(Command::Save),
            Key::Z if cx.typing => None,
            Key::Z if modifiers.shift => Some(Command::Redo),
            Key::Z => Some(Command::Undo),
            Key::Y if !cx.typing => Some(Command::Redo),
            _ => None,
        };
    }
    match key {
        Key::Escape => return Some(Command::Escape),
        Key::F1 => return Some(Command::ToggleHelp),
        Key::F5 => return Some(Command::Reload),
        _ => {}
    }
    if cx.typing {
        return None;
    }
    // Keys zoom about the cursor when it is over the canvas, else about the centre.
    let center = cx.pointer_days.unwrap_or_else(|| cx.view.center_days());
    match key {
        Key::ArrowRight if cx.reading_source => Some(Command::StepPassage(1)),
        Key::ArrowLeft if cx.reading_source => Some(Command::StepPassage(-1)),
        Key::ArrowRight => Some(Command::Step(1)),
        Key::ArrowLeft => Some(Command::Step(-1)),
        Key::Home => Some(Command::Jump(false)),
        Key::End => Some(Command::Jump(true)),
        Key::Questionmark => Some(Command::ToggleHelp),
        Key::Plus | Key::Equals => Some(Command::AnimateTo(cx.view.zoom_at(center, 2.0))),
        Key::Minus => Some(Command::AnimateTo(cx.view.zoom_at(center, 0.5))),
        Key::F => Some(Command::FitAll),
        Key::E => Some(Command::EditEvent(cx.selected)),
        Key::N => Some(Command::EditEvent(None)),
        Key::Delete => cx.selected.map(Command::DeleteSelected),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(typing: bool) -> KeyContext {
        KeyContext {
            typing,
            view: TimeView {
                start_days: 100.0,
                span_days: 40.0,
            },
            pointer_days: None,
            selected: Some(3),
            reading_source: false,
            in_articles: false,
        }
    }

    #[test]
    fn ctrl_enter_cites_a_hit_only_when_searching_articles_and_not_typing() {
        let ctrl_enter = KeyPress::command(Key::Enter);
        let ctrl_shift_enter = KeyPress {
            key: Key::Enter,
            modifiers: Modifiers::COMMAND | Modifiers::SHIFT,
        };
        let articles = KeyContext {
            in_articles: true,
            ..cx(false)
        };
        assert_eq!(
            commands_from_keys(&[ctrl_enter, ctrl_shift_enter], articles),
            [
                Command::CiteHit { new_event: false },
                Command::CiteHit { new_event: true }
            ]
        );
        assert_eq!(commands_from_keys(&[ctrl_enter], cx(false)), []);
        let typing = KeyContext {
            typing: true,
            ..articles
        };
        assert_eq!(commands_from_keys(&[ctrl_enter], typing), []);
        let ctrl_shift_f = KeyPress {
            key: Key::F,
            modifiers: Modifiers::COMMAND | Modifiers::SHIFT,
        };
        assert_eq!(
            commands_from_keys(&[ctrl_shift_f], typing),
            [Command::SetArchiveMode(true)]
        );
    }

    #[test]
    fn navigation_keys() {
        let presses = [
            KeyPress::plain(Key::ArrowRight),
            KeyPress::plain(Key::ArrowLeft),
            KeyPress::plain(Key::Home),
            KeyPress::plain(Key::End),
            KeyPress::plain(Key::F),
            KeyPress::plain(Key::Escape),
            KeyPress::plain(Key::Questionmark),
            KeyPress::plain(Key::F1),
        ];
        assert_eq!(
            commands_from_keys(&presses, cx(false)),
            [
                Command::Step(1),
                Command::Step(-1),
                Command::Jump(false),
                Command::Jump(true),
                Command::FitAll,
                Command::Escape,
                Command::ToggleHelp,
                Command::ToggleHelp,
            ]
        );
    }

    #[test]
    fn typing_keeps_letters_and_arrows_for_the_field() {
        let presses = [
            KeyPress::plain(Key::F),
            KeyPress::plain(Key::ArrowRight),
            KeyPress::plain(Key::Minus),
            KeyPress::plain(Key::Questionmark),
        ];
        assert_eq!(commands_from_keys(&presses, cx(true)), []);
        // Shortcuts still act.
        let presses = [
            KeyPress::command(Key::F),
            KeyPress::command(Key::O),
            KeyPress::command(Key::R),
            KeyPress::plain(Key::F5),
            KeyPress::plain(Key::Escape),
        ];
        assert_eq!(
            commands_from_keys(&presses, cx(true)),
            [
                Command::FocusSearch,
                Command::Open,
                Command::Reload,
                Command::Reload,
                Command::Escape,
            ]
        );
    }

    #[test]
    fn ctrl_f_searches_and_f_alone_fits() {
        assert_eq!(
            commands_from_keys(&[KeyPress::command(Key::F)], cx(false)),
            [Command::FocusSearch]
        );
        assert_eq!(
            commands_from_keys(&[KeyPress::plain(Key::F)], cx(false)),
            [Command::FitAll]
        );
    }

    #[test]
    fn zoom_keys_zoom_about_the_pointer_or_the_centre() {
        let view = cx(false).view;
        assert_eq!(
            commands_from_keys(&[KeyPress::plain(Key::Plus)], cx(false)),
            [Command::AnimateTo(view.zoom_at(120.0, 2.0))]
        );
        assert_eq!(
            commands_from_keys(&[KeyPress::plain(Key::Equals)], cx(false)),
            [Command::AnimateTo(view.zoom_at(120.0, 2.0))]
        );
        let over_canvas = KeyContext {
            pointer_days: Some(105.0),
            ..cx(false)
        };
        let [Command::AnimateTo(zoomed)] =
            commands_from_keys(&[KeyPress::plain(Key::Plus)], over_canvas)[..]
        else {
            panic!("one zoom expected");
        };
        assert!((zoomed.span_days - 20.0).abs() < 1e-9);
        // The time under the pointer stays where it was on screen: a quarter of the way in.
        assert!(((105.0 - zoomed.start_days) / zoomed.span_days - 0.125).abs() < 1e-9);
        assert_eq!(
            commands_from_keys(&[KeyPress::plain(Key::Minus)], over_canvas),
            [Command::AnimateTo(view.zoom_at(105.0, 0.5))]
        );
    }

    #[test]
    fn editing_keys() {
        let presses = [
            KeyPress::command(Key::S),
            KeyPress::command(Key::Z),
            KeyPress {
                key: Key::Z,
                modifiers: Modifiers::COMMAND | Modifiers::SHIFT,
            },
            KeyPress::command(Key::Y),
            KeyPress::plain(Key::E),
            KeyPress::plain(Key::N),
            KeyPress::plain(Key::Delete),
        ];
        assert_eq!(
            commands_from_keys(&presses, cx(false)),
            [
                Command::Save,
                Command::Undo,
                Command::Redo,
                Command::Redo,
                Command::EditEvent(Some(3)),
                Command::EditEvent(None),
                Command::DeleteSelected(3),
            ]
        );
        // In a text field Ctrl+Z is the field's own undo; Ctrl+S still saves.
        assert_eq!(commands_from_keys(&presses, cx(true)), [Command::Save]);
        let nothing_selected = KeyContext {
            selected: None,
            ..cx(false)
        };
        assert_eq!(
            commands_from_keys(&[KeyPress::plain(Key::Delete)], nothing_selected),
            []
        );
    }

    #[test]
    fn arrows_step_passages_while_an_article_is_read_on_its_own() {
        let reading = KeyContext {
            reading_source: true,
            ..cx(false)
        };
        assert_eq!(
            commands_from_keys(
                &[
                    KeyPress::plain(Key::ArrowRight),
                    KeyPress::plain(Key::ArrowLeft)
                ],
                reading
            ),
            [Command::StepPassage(1), Command::StepPassage(-1)]
        );
    }

    #[test]
    fn every_press_counts() {
        let presses = [KeyPress::plain(Key::ArrowRight); 3];
        assert_eq!(commands_from_keys(&presses, cx(false)).len(), 3);
    }
}
