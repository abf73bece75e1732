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
    /// Someone else wrote the file since it was loaded: theirs stays, nothing was written.
    #[error(
        "not saved: {} changed on disk since it was loaded (another program or window wrote it); reload it, or merge, and save again",
        path.display()
    )]
    Conflict {
        /// The file.
        path: PathBuf,
    },
    /// Writing failed: the file on disk is as it was.
    #[error("not saved: cannot write {}: {reason}", path.display())]
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
/// atomically under its [`SaveLock`]. Returns what it loaded as.
///
/// # Errors
/// [`SaveError::Invalid`] with the located errors (nothing written), or [`SaveError::Io`].
pub fn save_events(text: &str, path: &Path) -> Result<Loaded, SaveError> {
    let loaded = check_text(text, path).map_err(|e| SaveError::Invalid(Box::new(e)))?;
    SaveLock::acquire(path)?.replace(text.as_bytes(), None)?;
    Ok(loaded)
}

/// The hash a document keeps of the text it last loaded or saved, to tell when someone else
/// wrote the file since.
pub fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// The [`text_hash`] of the events file at `path` as it is now; `None` when it is not UTF-8
/// text (so no version sourceline loaded or saved).
///
/// # Errors
/// When it cannot be read (`NotFound` when it is gone).
pub fn text_hash_on_disk(path: &Path) -> Result<Option<u64>, crate::load::read::ReadError> {
    let bytes = crate::load::read::read_file_capped(path, crate::load::MAX_EVENTS_FILE_BYTES)?;
    Ok(std::str::from_utf8(&bytes).ok().map(text_hash))
}

/// How long a save waits for another writer of the same file before it gives up. Another
/// sourceline holds the lock for milliseconds (compare, write, rename); a small file's save runs
/// on the window's thread, which must not wait long on a lock someone else never lets go.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// An advisory lock on a lock file beside an events file (`.events.json.sourceline-lock`),
/// held by every sourceline process while it compares the file on disk with what it loaded,
/// writes, and renames: two writers never interleave, and the later one sees what the earlier
/// wrote. Released when dropped (or when the process dies, which is what makes a temporary file
/// found under the lock a crashed writer's leftover).
///
/// The lock, and the write, are on the file a symbolic link points to, so every spelling of
/// one file shares one lock and a save through a link changes its target.
#[derive(Debug)]
pub struct SaveLock {
    /// Held open: the lock is the open file's.
    _file: std::fs::File,
    /// The events file, links followed.
    target: PathBuf,
}

impl SaveLock {
    /// Takes the lock of the events file `path`, waiting up to 2 s for another writer.
    ///
    /// # Errors
    /// [`SaveError::Io`] when the lock file cannot be opened, a link points nowhere, or another
    /// writer held the lock throughout.
    pub fn acquire(path: &Path) -> Result<Self, SaveError> {
        let io = |reason: String| SaveError::Io {
            path: path.to_owned(),
            reason,
        };
        let target = following_links(path).map_err(|e| io(e.to_string()))?;
        let (folder, name) = folder_and_name(&target);
        let lock_path = folder.join(format!(".{name}.sourceline-lock"));
        let file = open_lock_file(&lock_path).map_err(|e| {
            io(format!(
                "cannot open its lock file {}: {e}",
                lock_path.display()
            ))
        })?;
        let deadline = std::time::Instant::now() + LOCK_WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(io(format!(
                        "another program has been writing it for {} s (it holds {})",
                        LOCK_WAIT.as_secs(),
                        lock_path.display()
                    )));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(io(format!("cannot lock {}: {e}", lock_path.display())));
                }
            }
        }
        Ok(Self {
            _file: file,
            target,
        })
    }

    /// The file written: the events file, links followed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Replaces the file with `bytes` atomically. With `expected`, only when the file on disk
    /// still hashes to it (see [`text_hash`]) or is gone: else someone wrote it since it was
    /// loaded, and their version stays. Temporary files that crashed saves left are removed
    /// first (under the lock, no live writer owns one).
    ///
    /// # Errors
    /// [`SaveError::Conflict`], or [`SaveError::Io`] with the file on disk as it was.
    pub fn replace(&self, bytes: &[u8], expected: Option<u64>) -> Result<(), SaveError> {
        let io = |e: std::io::Error| SaveError::Io {
            path: self.target.clone(),
            reason: e.to_string(),
        };
        if let Some(expected) = expected {
            match text_hash_on_disk(&self.target) {
                Ok(Some(on_disk)) if on_disk == expected => {}
                Ok(_) => {
                    return Err(SaveError::Conflict {
                        path: self.target.clone(),
                    });
                }
                Err(crate::load::read::ReadError::Io(e))
                    if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(SaveError::Io {
                        path: self.target.clone(),
                        reason: e.to_string(),
                    });
                }
            }
        }
        let (folder, name) = folder_and_name(&self.target);
        remove_temps(folder, &name, |_| true);
        write_replacing(&self.target, bytes).map_err(io)
    }
}

/// `path` with symbolic links followed (itself when it is not a link or does not exist yet).
fn following_links(path: &Path) -> std::io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|e| {
                std::io::Error::new(e.kind(), format!("it is a link that points nowhere: {e}"))
            })
        }
        _ => Ok(path.to_owned()),
    }
}

/// Opens (or makes) a lock file, never through a link planted in its place.
fn open_lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Writes `bytes` to `path` atomically without a lock, for exports: a new temporary file beside
/// it (never one that exists), written, flushed and fsynced, given the original's permissions,
/// renamed over `path`, and the folder fsynced so the rename itself survives a crash. On failure
/// the temporary file is removed and `path` is untouched. Leftovers of crashed exports are
/// removed once a minute old (with no lock, a younger one may be an export in progress).
///
/// # Errors
/// What the file system said.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (folder, name) = folder_and_name(path);
    remove_temps(folder, &name, |age| age > STALE_TEMP);
    write_replacing(path, bytes)
}

/// The temporary file, rename and folder sync of [`write_atomically`] and [`SaveLock::replace`].
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let (folder, name) = folder_and_name(path);
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

/// A temporary file of an export older than this was left by an export that crashed (writing
/// takes milliseconds); a younger one may be another export in progress, and is left alone.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_mins(1);

/// Removes the temporary files of `name` in `folder` whose age `stale` accepts.
fn remove_temps(folder: &Path, name: &str, stale: impl Fn(std::time::Duration) -> bool) {
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
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .unwrap_or_default();
        if stale(age) {
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
    fn a_save_under_the_lock_removes_every_leftover_at_once() {
        let dir = folder("locked-leftovers");
        let path = dir.join("events.json");
        std::fs::write(&path, "old").unwrap();
        // Left a moment ago by a writer killed mid-save: under the lock, no live writer has one.
        let young = dir.join(".events.json.2-0.sourceline-tmp");
        let other = dir.join(".other.json.1-0.sourceline-tmp");
        std::fs::write(&young, "half").unwrap();
        std::fs::write(&other, "half").unwrap();
        SaveLock::acquire(&path)
            .unwrap()
            .replace(b"new", Some(text_hash("old")))
            .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert!(
            !young.exists(),
            "a crashed save's leftover goes, however young"
        );
        assert!(other.exists(), "another file's temporaries are not ours");
    }

    #[test]
    fn a_save_never_writes_over_a_version_it_did_not_load() {
        let dir = folder("conflict");
        let path = dir.join("events.json");
        std::fs::write(&path, "theirs").unwrap();
        let error = SaveLock::acquire(&path)
            .unwrap()
            .replace(b"mine", Some(text_hash("what I loaded")))
            .unwrap_err();
        assert!(matches!(error, SaveError::Conflict { .. }), "{error}");
        assert!(error.to_string().contains("changed on disk"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "theirs");
    }

    #[test]
    fn a_second_writer_waits_for_the_lock() {
        let dir = folder("wait");
        let path = dir.join("events.json");
        std::fs::write(&path, "0").unwrap();
        let first = SaveLock::acquire(&path).unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        let second = std::thread::spawn({
            let path = path.clone();
            move || {
                let lock = SaveLock::acquire(&path).unwrap();
                sender.send(()).unwrap();
                lock.replace(b"2", Some(text_hash("1"))).unwrap();
            }
        });
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(receiver.try_recv().is_err(), "the second writer waits");
        first.replace(b"1", Some(text_hash("0"))).unwrap();
        drop(first);
        second.join().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "2");
    }

    #[test]
    fn a_lock_never_let_go_refuses_the_save_by_name() {
        let dir = folder("held");
        let path = dir.join("events.json");
        std::fs::write(&path, "theirs").unwrap();
        let _held = SaveLock::acquire(&path).unwrap();
        let error = std::thread::spawn(move || SaveLock::acquire(&path).unwrap_err())
            .join()
            .unwrap();
        assert!(
            error
                .to_string()
                .contains("another program has been writing it"),
            "{error}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("events.json")).unwrap(),
            "theirs"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_save_through_a_symbolic_link_writes_its_target_and_keeps_the_link() {
        let dir = folder("symlink");
        std::fs::create_dir_all(dir.join("real")).unwrap();
        let target = dir.join("real").join("events.json");
        std::fs::write(&target, "old").unwrap();
        let link = dir.join("events.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let lock = SaveLock::acquire(&link).unwrap();
        assert_eq!(lock.target(), target.canonicalize().unwrap());
        lock.replace(b"new", Some(text_hash("old"))).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link stays a link"
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // The temporary file and the lock are beside the target, not the link.
        assert!(
            dir.join("real")
                .join(".events.json.sourceline-lock")
                .exists()
        );
        let dangling = dir.join("dangling.json");
        std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).unwrap();
        let error = SaveLock::acquire(&dangling).unwrap_err();
        assert!(error.to_string().contains("points nowhere"), "{error}");
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
