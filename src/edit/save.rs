//! Saving: check what is about to be written with the loader, then write it atomically (a
//! temporary file in the same folder, flushed and fsynced, renamed over the original, then the
//! folder fsynced), so a crash at any moment leaves the old file or the new one, never a torn one.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::load::{Articles, LoadError, Loaded, load_bytes};

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The text would not load: nothing was written.
    #[error("not saved: the file would have {} error(s)", .0.error_count())]
    Invalid(Box<LoadError>),
    /// Writing failed: the file on disk is as it was.
    #[error("not saved: cannot write {path}: {reason}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
}

/// Loads `text` as the events file `path` would be loaded (articles from its folder).
///
/// # Errors
/// The located errors when it would not load.
pub fn check_text(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    load_bytes(text.as_bytes(), path, Articles::Folder(folder))
}

/// Checks `text` with the loader and, when it loads without errors, writes it to `path`
/// atomically. Returns what it loaded as.
///
/// # Errors
/// [`SaveError::Invalid`] with the located errors (nothing written), or [`SaveError::Io`].
pub fn save_events(text: &str, path: &Path) -> Result<Loaded, SaveError> {
    let loaded = check_text(text, path).map_err(|e| SaveError::Invalid(Box::new(e)))?;
    write_atomically(path, text.as_bytes()).map_err(|e| SaveError::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(loaded)
}

/// Writes `bytes` to `path` atomically: a new temporary file beside it (never one that exists),
/// written, flushed and fsynced, given the original's permissions, renamed over `path`, and
/// the folder fsynced so the rename itself survives a crash. On failure the temporary file is
/// removed and `path` is untouched.
///
/// # Errors
/// What the file system said.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let (folder, name) = folder_and_name(path);
    remove_stale_temps(folder, &name);
    let temp = folder.join(format!(
        ".{name}.{}-{}.sourceline-tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let written =
        write_synced(&temp, bytes, permissions).and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    sync_folder(folder);
    Ok(())
}

/// Writes `bytes` to a new file at `temp` (never over an existing one), with `permissions` when
/// given, and waits until they are on disk.
fn write_synced(
    temp: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)?;
    file.write_all(bytes)?;
    if let Some(permissions) = permissions {
        file.set_permissions(permissions)?;
    }
    file.sync_all()
}

/// A rename or link is in the folder's entries: sync them too. Not every system can open a
/// folder for that; the data itself is already on disk.
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// The folder a file is in (`.` for a bare name) and its name, for naming temporary files.
fn folder_and_name(path: &Path) -> (&Path, std::borrow::Cow<'_, str>) {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy());
    (folder, name)
}

/// A temporary file older than this was left by a save that crashed (a save takes
/// milliseconds); a younger one may be another save in progress, and is left alone.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_mins(1);

/// Removes the temporary files that crashed saves of `name` left in `folder`.
fn remove_stale_temps(folder: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if !(file_name.starts_with(&prefix) && file_name.ends_with(".sourceline-tmp")) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes `bytes` to a new file `path` that appears whole or not at all, and never replaces an
/// existing file: a temporary file is written and fsynced, then hard-linked to `path` (which
/// fails when `path` exists, with no gap between a check and the write), then removed.
///
/// # Errors
/// `AlreadyExists` when `path` exists, or what the file system said.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (folder, name) = folder_and_name(path);
    let temp = folder.join(format!(".{name}.{}.sourceline-new", std::process::id()));
    let written = write_synced(&temp, bytes, None).and_then(|()| std::fs::hard_link(&temp, path));
    let _ = std::fs::remove_file(&temp);
    written?;
    sync_folder(folder);
    Ok(())
}

/// Why an export was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportWriteError {
    /// The target is the events file or one of its articles, by whatever name.
    #[error("{}: this is {what}; an export never writes over it (choose another --out)", path.display())]
    Protected {
        /// The target asked for.
        path: PathBuf,
        /// What it is: "the events file", "the article of source ID".
        what: String,
    },
    /// The target exists and is not a regular file.
    #[error("{}: expected a regular file or a new path, found {kind}", path.display())]
    NotRegular {
        /// The target asked for.
        path: PathBuf,
        /// What is there.
        kind: &'static str,
    },
    /// The file system refused.
    #[error("{}: cannot write: {source}", path.display())]
    Io {
        /// The target asked for.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// What is at `path` when it is not a regular file (a symbolic link counts, whatever it points
/// at: the rename would replace the link, not write where it points).
fn not_regular(path: &Path) -> Option<&'static str> {
    let metadata = std::fs::symlink_metadata(path).ok()?;
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    Some(if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a folder"
    } else {
        "a device, pipe or socket"
    })
}

/// What tells an existing file from every other: its identity (device and inode) where the
/// system gives one, else its canonical path.
#[derive(PartialEq, Eq)]
enum FileKey {
    Identity((u64, u64)),
    Canonical(PathBuf),
}

/// The key of the existing file at `path`, following links; `None` when nothing is there.
fn file_key(path: &Path) -> Option<FileKey> {
    let metadata = std::fs::metadata(path).ok()?;
    match crate::load::read::identity(&metadata) {
        Some(identity) => Some(FileKey::Identity(identity)),
        None => path.canonicalize().ok().map(FileKey::Canonical),
    }
}

/// Writes an export to `path` (atomically, as a save), unless `path` is one of `protected`
/// (each with what it is) by any spelling or link, or exists as anything but a regular file.
///
/// # Errors
/// Which of those it is, or what the file system said.
pub fn write_export(
    path: &Path,
    bytes: &[u8],
    protected: &[(PathBuf, String)],
) -> Result<(), ExportWriteError> {
    if let Some(kind) = not_regular(path) {
        return Err(ExportWriteError::NotRegular {
            path: path.to_owned(),
            kind,
        });
    }
    // Compared by identity, not by spelling: `articles/../events.json` and hard links too.
    if let Some(target) = file_key(path)
        && let Some((_, what)) = protected
            .iter()
            .find(|(p, _)| file_key(p).as_ref() == Some(&target))
    {
        return Err(ExportWriteError::Protected {
            path: path.to_owned(),
            what: what.clone(),
        });
    }
    write_atomically(path, bytes).map_err(|source| ExportWriteError::Io {
        path: path.to_owned(),
        source,
    })
}

/// The files an export of `timeline`, read from `events_file`, must never write over: the
/// events file and every archived article, each with what it is.
pub fn export_protected(
    events_file: &Path,
    timeline: &crate::model::Timeline,
) -> Vec<(PathBuf, String)> {
    std::iter::once((events_file.to_owned(), "the events file".to_owned()))
        .chain(
            timeline
                .sources
                .iter()
                .filter(|s| s.record.file.is_some())
                .map(|s| {
                    (
                        s.path.clone(),
                        format!("the article of source \"{}\"", s.record.id),
                    )
                }),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("sourceline-save-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_replace_the_file_and_leave_no_temporary_behind() {
        let dir = folder("replace");
        let path = dir.join("events.json");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn temporary_files_of_crashed_saves_are_cleared_when_stale() {
        let dir = folder("stale");
        let path = dir.join("events.json");
        std::fs::write(&path, "old").unwrap();
        let stale = dir.join(".events.json.1-0.sourceline-tmp");
        let young = dir.join(".events.json.2-0.sourceline-tmp");
        let other = dir.join(".other.json.1-0.sourceline-tmp");
        for file in [&stale, &young, &other] {
            std::fs::write(file, "half").unwrap();
        }
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_hours(1);
        for file in [&stale, &other] {
            std::fs::File::options()
                .write(true)
                .open(file)
                .unwrap()
                .set_modified(an_hour_ago)
                .unwrap();
        }
        write_atomically(&path, b"new").unwrap();
        assert!(!stale.exists(), "a crashed save's leftover goes");
        assert!(young.exists(), "a save that may be in progress stays");
        assert!(other.exists(), "another file's temporaries are not ours");
    }

    #[test]
    fn a_text_with_errors_is_not_written() {
        let dir = folder("invalid");
        let path = dir.join("events.json");
        std::fs::write(&path, "{}").unwrap();
        let error = save_events(
            r#"{"format": "sourceline/1", "title": "t", "sources": [], "events": [{"id": "e"}]}"#,
            &path,
        )
        .unwrap_err();
        assert!(matches!(error, SaveError::Invalid(_)), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}");
    }

    #[test]
    fn new_files_never_overwrite() {
        let dir = folder("new");
        let path = dir.join("a.txt");
        write_new(&path, b"first").unwrap();
        let error = write_new(&path, b"second").unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
    }

    #[test]
    fn an_export_never_writes_over_the_events_file_an_article_or_what_is_not_a_file() {
        let dir = folder("export-target");
        let events = dir.join("events.json");
        let article = dir.join("articles").join("a.txt");
        std::fs::create_dir_all(dir.join("articles")).unwrap();
        std::fs::write(&events, "{}").unwrap();
        std::fs::write(&article, "text").unwrap();
        let protected = vec![
            (events.clone(), "the events file".to_owned()),
            (article.clone(), "the article of source \"a\"".to_owned()),
        ];
        for alias in [
            events.clone(),
            dir.join("articles").join("..").join("events.json"),
            dir.join(".").join("articles").join("a.txt"),
        ] {
            assert!(
                matches!(
                    write_export(&alias, b"export", &protected),
                    Err(ExportWriteError::Protected { .. })
                ),
                "{}",
                alias.display()
            );
        }
        // A hard link to the events file is the events file.
        let hard = dir.join("hard.md");
        std::fs::hard_link(&events, &hard).unwrap();
        assert!(matches!(
            write_export(&hard, b"export", &protected),
            Err(ExportWriteError::Protected { .. })
        ));
        #[cfg(unix)]
        {
            let link = dir.join("link.md");
            std::os::unix::fs::symlink(&events, &link).unwrap();
            assert!(matches!(
                write_export(&link, b"export", &protected),
                Err(ExportWriteError::NotRegular {
                    kind: "a symbolic link",
                    ..
                })
            ));
            assert!(matches!(
                write_export(Path::new("/dev/null"), b"export", &protected),
                Err(ExportWriteError::NotRegular { .. })
            ));
        }
        assert!(matches!(
            write_export(&dir.join("articles"), b"export", &protected),
            Err(ExportWriteError::NotRegular {
                kind: "a folder",
                ..
            })
        ));
        assert_eq!(std::fs::read_to_string(&events).unwrap(), "{}");
        assert_eq!(std::fs::read_to_string(&article).unwrap(), "text");
        // A new path, and an earlier export, are written.
        let brief = dir.join("brief.md");
        write_export(&brief, b"one", &protected).unwrap();
        write_export(&brief, b"two", &protected).unwrap();
        assert_eq!(std::fs::read_to_string(&brief).unwrap(), "two");
    }
}
