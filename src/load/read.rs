//! Reading the events file and its articles as a hostile folder would have them read.
//!
//! - Only regular files are read. A FIFO, socket or device (directly or through a symlink) is
//!   refused from the type of the handle that was opened, and it is opened non-blocking so that
//!   opening a FIFO with no writer cannot hang.
//! - Every read goes through a limit: a file that grows, or lies in its metadata, is cut off at
//!   the cap plus one byte and refused.
//! - Articles are opened beneath the events folder's handle, opened once per load, each path
//!   component walked without following a symlink out of it (`cap-std`, which uses `openat2`
//!   with `RESOLVE_BENEATH` where the kernel has it and `O_NOFOLLOW` walks elsewhere). There is
//!   no gap between a check and the open: the bytes come from the handle that was checked.
//! - Articles are keyed by file identity (device and inode), so many spellings of one file cost
//!   one read and one copy, and the bytes of one events file's articles are capped in total.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use crate::load::diagnostic::Problem;

/// Largest total of distinct article bytes one events file may bring in: 256 MiB (sixteen
/// articles at the per-article cap; the largest real timelines cite a few dozen megabytes).
pub const MAX_TOTAL_ARTICLE_BYTES: u64 = 256 * 1024 * 1024;

/// The flags every read-only open adds: never block on a FIFO or device, never become a
/// terminal's controlling process.
#[cfg(unix)]
const SAFE_OPEN_FLAGS: i32 = libc::O_NONBLOCK | libc::O_NOCTTY;

/// What kind of thing a path named, when it is not a regular file.
fn kind_name(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path names a FIFO, socket, device or folder.
    #[error("expected a regular file, found {0}")]
    NotRegular(&'static str),
    /// More bytes than the cap.
    #[error("{size} bytes or more, over the {cap}-byte limit")]
    TooLarge {
        /// Bytes seen (at most the cap plus one read's worth).
        size: u64,
        /// The limit.
        cap: u64,
    },
    /// The path climbs out of the folder, or a symlink on it points out.
    #[error("leaves the folder")]
    Outside,
    /// The cancel flag was raised.
    #[error("cancelled")]
    Cancelled,
    /// Any other failure, as the system words it.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Opens `path` for reading without blocking, and refuses it unless the opened handle is a
/// regular file. Returns the handle and the size its metadata reports.
///
/// # Errors
/// [`ReadError::NotRegular`] for FIFOs, sockets, devices and folders; [`ReadError::Io`] when
/// the open fails.
pub fn open_regular(path: &Path) -> Result<(File, u64), ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(SAFE_OPEN_FLAGS);
    }
    let file = options.open(path).map_err(|e| {
        // Sockets refuse to be opened (ENXIO) before there is a handle to ask what they are.
        match std::fs::metadata(path) {
            Ok(metadata) if !metadata.is_file() => {
                ReadError::NotRegular(kind_name(metadata.file_type()))
            }
            _ => ReadError::Io(e),
        }
    })?;
    let metadata = file.metadata()?;
    if !metadata.file_type().is_file() {
        return Err(ReadError::NotRegular(kind_name(metadata.file_type())));
    }
    Ok((file, metadata.len()))
}

/// Reads the regular file at `path` whole, refusing it past `cap` bytes.
///
/// # Errors
/// As [`open_regular`] and [`read_capped`].
pub fn read_file_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    read_file_with(path, cap, u64::MAX, |_| {}, |_| true)
}

/// Like [`read_file_capped`], `chunk` bytes at a time: `on_size` hears the size the metadata
/// reports once it is within the cap, and `between` runs after each chunk as in
/// [`read_capped`] (returning `false` cancels).
///
/// # Errors
/// As [`open_regular`] and [`read_capped`].
pub fn read_file_with(
    path: &Path,
    cap: u64,
    chunk: u64,
    on_size: impl FnOnce(u64),
    between: impl FnMut(u64) -> bool,
) -> Result<Vec<u8>, ReadError> {
    let (mut file, size) = open_regular(path)?;
    if size > cap {
        return Err(ReadError::TooLarge { size, cap });
    }
    on_size(size);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    read_capped(&mut file, &mut bytes, cap, chunk, between)?;
    Ok(bytes)
}

/// Reads all of `reader` into `bytes`, `chunk` bytes at a time, stopping with
/// [`ReadError::TooLarge`] as soon as more than `cap` bytes came, whatever the metadata said.
/// `between` runs after each chunk with the total so far; returning `false` cancels.
///
/// # Errors
/// [`ReadError::TooLarge`], [`ReadError::Cancelled`], or the read's own error.
pub fn read_capped(
    reader: &mut impl Read,
    bytes: &mut Vec<u8>,
    cap: u64,
    chunk: u64,
    mut between: impl FnMut(u64) -> bool,
) -> Result<(), ReadError> {
    loop {
        // One byte past the cap is enough to know the file is over it.
        let room = (cap + 1).saturating_sub(bytes.len() as u64);
        let limit = chunk.min(room);
        let n = reader.take(limit).read_to_end(bytes)?;
        if bytes.len() as u64 > cap {
            return Err(ReadError::TooLarge {
                size: bytes.len() as u64,
                cap,
            });
        }
        if n > 0 && !between(bytes.len() as u64) {
            return Err(ReadError::Cancelled);
        }
        // Short of the chunk, the reader ended (`read_to_end` reads to the end or the limit):
        // asking again would only read nothing once more.
        if n == 0 || (n as u64) < limit {
            return Ok(());
        }
    }
}

/// An article's text, shared by every source that names the same file.
#[derive(Clone, Debug)]
pub struct ArticleText {
    /// The text.
    pub text: Arc<str>,
    /// Its sha256, computed once when first asked for.
    sha256: Arc<std::sync::OnceLock<String>>,
}

impl ArticleText {
    /// The text's sha256 in hex, computed at most once per file.
    pub fn sha256(&self) -> &str {
        self.sha256
            .get_or_init(|| crate::model::sha256_hex(self.text.as_bytes()))
    }
}

/// The events file's folder, opened once per load, from which articles are read.
pub struct ArticleFolder {
    dir: Option<cap_std::fs::Dir>,
    /// Why the folder could not be opened, reported for each article it holds.
    open_error: Option<String>,
    /// Articles already read, by (device, inode).
    by_identity: HashMap<(u64, u64), ArticleText>,
    /// Distinct article bytes read so far.
    total_bytes: u64,
    /// The most distinct article bytes one load may read.
    total_cap: u64,
}

impl ArticleFolder {
    /// Opens `folder`; a failure is reported later, with each article that needs it.
    pub fn open(folder: &Path) -> Self {
        Self::with_total_cap(folder, MAX_TOTAL_ARTICLE_BYTES)
    }

    /// Like [`ArticleFolder::open`], with another cap on the total article bytes.
    fn with_total_cap(folder: &Path, total_cap: u64) -> Self {
        let (dir, open_error) =
            match cap_std::fs::Dir::open_ambient_dir(folder, cap_std::ambient_authority()) {
                Ok(dir) => (Some(dir), None),
                Err(e) => (None, Some(e.to_string())),
            };
        Self {
            dir,
            open_error,
            by_identity: HashMap::new(),
            total_bytes: 0,
            total_cap,
        }
    }

    /// Opens `relative` beneath the folder's handle (never following it out) and checks that it
    /// is a regular file: the file and what it is.
    fn open_beneath(&self, relative: &str) -> Result<(std::fs::File, std::fs::Metadata), Problem> {
        let unreadable = |reason: String| Problem::ArticleUnreadable {
            path: relative.to_owned(),
            reason,
        };
        let Some(dir) = &self.dir else {
            let reason = self.open_error.clone().unwrap_or_default();
            return Err(unreadable(format!("its folder cannot be opened: {reason}")));
        };
        let mut options = cap_std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use cap_std::fs::OpenOptionsExt as _;
            options.custom_flags(SAFE_OPEN_FLAGS);
        }
        let file = dir
            .open_with(relative, &options)
            .map_err(|e| {
                if is_escape(&e) {
                    Problem::ArticleOutsideFolder(relative.to_owned())
                } else if let Some(kind) = unopenable_kind(dir, relative, &e) {
                    Problem::ArticleNotAFile {
                        path: relative.to_owned(),
                        kind,
                    }
                } else {
                    unreadable(e.to_string())
                }
            })?
            .into_std();
        let metadata = file.metadata().map_err(|e| unreadable(e.to_string()))?;
        if !metadata.is_file() {
            return Err(Problem::ArticleNotAFile {
                path: relative.to_owned(),
                kind: kind_name(metadata.file_type()),
            });
        }
        Ok((file, metadata))
    }

    /// Reads article `relative` into `buffer` (its contents replaced, its allocation reused) and
    /// returns its text, checked as [`ArticleFolder::read`] checks it (regular file beneath the
    /// folder, under the per-article cap, UTF-8 text), but neither kept nor counted: a pass over
    /// many articles (a search) holds one article per caller at a time.
    ///
    /// # Errors
    /// A [`Problem`] naming the path as written.
    pub fn read_into<'b>(
        &self,
        relative: &str,
        buffer: &'b mut Vec<u8>,
    ) -> Result<&'b str, Problem> {
        let (mut file, metadata) = self.open_beneath(relative)?;
        let too_large = |size| article_too_large(relative, size);
        if metadata.len() > super::MAX_ARTICLE_BYTES {
            return Err(too_large(metadata.len()));
        }
        // Not `read_capped`: `read_to_end` through `Take` has no size hint and reads in pieces
        // of 8 KiB and up, three reads for a 15 KB article where this loop makes two (one for
        // the text, one to see its end), which the archive search pays 10,000 times.
        // Read into the buffer as it is (what it held before is written over, never read):
        // with room for the size the metadata gives and one byte more, the file is read in one
        // call and its end seen in the next, unless it grew, and the buffer is zeroed only
        // when it grows.
        let expected = usize::try_from(metadata.len())
            .unwrap_or(0)
            .saturating_add(1);
        if buffer.len() < expected {
            buffer.resize(expected, 0);
        }
        let cap = usize::try_from(super::MAX_ARTICLE_BYTES).unwrap_or(usize::MAX);
        let mut filled = 0;
        loop {
            if filled == buffer.len() {
                if filled > cap {
                    return Err(too_large(filled as u64));
                }
                let grown = filled.saturating_mul(2).clamp(4096, cap.saturating_add(1));
                buffer.resize(grown.max(filled + 1), 0);
            }
            let Some(room) = buffer.get_mut(filled..) else {
                break;
            };
            match file.read(room) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(Problem::ArticleUnreadable {
                        path: relative.to_owned(),
                        reason: e.to_string(),
                    });
                }
            }
        }
        if filled > cap {
            return Err(too_large(filled as u64));
        }
        let buffer = buffer.get(..filled).unwrap_or_default();
        let not_text = |reason| Problem::ArticleNotText {
            path: relative.to_owned(),
            reason,
        };
        super::decode::utf8_text(buffer).map_err(not_text)
    }

    /// Reads the article at `relative` (already checked not to climb out lexically), or
    /// returns the copy read for another spelling of the same file.
    ///
    /// # Errors
    /// A [`Problem`] naming the path as written.
    pub fn read(&mut self, relative: &str) -> Result<ArticleText, Problem> {
        let unreadable = |reason: String| Problem::ArticleUnreadable {
            path: relative.to_owned(),
            reason,
        };
        let (file, metadata) = self.open_beneath(relative)?;
        let identity = identity(&metadata);
        if let Some(known) = identity.and_then(|id| self.by_identity.get(&id)) {
            return Ok(known.clone());
        }
        let too_large = |size| article_too_large(relative, size);
        if metadata.len() > super::MAX_ARTICLE_BYTES {
            return Err(too_large(metadata.len()));
        }
        let room = self.total_cap.saturating_sub(self.total_bytes);
        let total_over = |size: u64| Problem::ArticlesTooLarge {
            path: relative.to_owned(),
            total: self.total_bytes + size,
            cap: self.total_cap,
        };
        if metadata.len() > room {
            return Err(total_over(metadata.len()));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
        let cap = super::MAX_ARTICLE_BYTES.min(room);
        let mut file = file;
        match read_capped(&mut file, &mut bytes, cap, u64::MAX, |_| true) {
            Ok(()) => {}
            Err(ReadError::TooLarge { size, .. }) if cap == super::MAX_ARTICLE_BYTES => {
                return Err(too_large(size));
            }
            Err(ReadError::TooLarge { size, .. }) => return Err(total_over(size)),
            Err(e) => return Err(unreadable(e.to_string())),
        }
        let not_text = |reason| Problem::ArticleNotText {
            path: relative.to_owned(),
            reason,
        };
        // UTF-16 (ASCII with NULs between) and binary are refused first, as `utf8_text` does;
        // the UTF-8 is validated once, as the text is taken.
        super::decode::not_utf16_nor_binary(&bytes).map_err(not_text)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            not_text(super::decode::DecodeError::NotUtf8(
                e.utf8_error().valid_up_to(),
            ))
        })?;
        self.total_bytes += text.len() as u64;
        let article = ArticleText {
            text: Arc::from(text),
            sha256: Arc::default(),
        };
        if let Some(id) = identity {
            self.by_identity.insert(id, article.clone());
        }
        Ok(article)
    }

    /// Distinct article bytes read so far.
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }
}

/// Article `relative` is `size` bytes, over the per-article cap: what [`ArticleFolder::read`]
/// and [`ArticleFolder::read_into`] both say.
fn article_too_large(relative: &str, size: u64) -> Problem {
    Problem::ArticleTooLarge {
        path: relative.to_owned(),
        size,
        cap: super::MAX_ARTICLE_BYTES,
    }
}

impl ArticleText {
    /// Wraps a text that was not read from a folder (a bundled article).
    pub fn new(text: Arc<str>) -> Self {
        Self {
            text,
            sha256: Arc::default(),
        }
    }
}

/// What `relative` is, when opening it failed because it is a socket (or a device with no
/// driver): the open refuses those with `ENXIO` before there is a handle to ask.
#[cfg(unix)]
fn unopenable_kind(dir: &cap_std::fs::Dir, relative: &str, e: &io::Error) -> Option<&'static str> {
    use cap_std::fs::FileTypeExt as _;
    if e.raw_os_error() != Some(libc::ENXIO) {
        return None;
    }
    let file_type = dir.metadata(relative).ok()?.file_type();
    Some(if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    })
}

#[cfg(not(unix))]
fn unopenable_kind(_: &cap_std::fs::Dir, _: &str, _: &io::Error) -> Option<&'static str> {
    None
}

/// True for the error `cap-std` gives when a path or a symlink on it leads out of the folder.
fn is_escape(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::PermissionDenied && e.to_string().contains("outside")
}

/// A file's identity (device and inode), whatever name reached it; `None` off Unix.
#[cfg(unix)]
pub fn identity(metadata: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    Some((metadata.dev(), metadata.ino()))
}

/// A file's identity (device and inode), whatever name reached it; `None` off Unix.
#[cfg(not(unix))]
pub fn identity(_metadata: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_that_never_ends_is_cut_off_one_byte_past_the_cap() {
        let mut bytes = Vec::new();
        let result = read_capped(&mut io::repeat(b'a'), &mut bytes, 1000, 64, |_| true);
        assert!(matches!(
            result,
            Err(ReadError::TooLarge {
                size: 1001,
                cap: 1000
            })
        ));
        assert_eq!(bytes.len(), 1001);
        // A reader of exactly the cap is fine.
        let mut bytes = Vec::new();
        read_capped(
            &mut io::repeat(b'a').take(1000),
            &mut bytes,
            1000,
            64,
            |_| true,
        )
        .unwrap();
        assert_eq!(bytes.len(), 1000);
    }

    #[test]
    fn cancelling_between_chunks_stops_the_read() {
        let mut bytes = Vec::new();
        let result = read_capped(&mut io::repeat(b'a'), &mut bytes, u64::MAX - 1, 64, |n| {
            n < 640
        });
        assert!(matches!(result, Err(ReadError::Cancelled)));
        assert_eq!(bytes.len(), 640);
    }

    #[test]
    fn the_articles_of_one_file_are_capped_in_total_and_shared_by_identity() {
        let dir = std::env::temp_dir().join(format!("sourceline-read-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "a".repeat(600)).unwrap();
        std::fs::write(dir.join("b.txt"), "b".repeat(600)).unwrap();
        let mut folder = ArticleFolder::with_total_cap(&dir, 1000);
        let first = folder.read("a.txt").unwrap();
        // Another spelling of the same file costs nothing more.
        let again = folder.read("./a.txt").unwrap();
        assert!(Arc::ptr_eq(&first.text, &again.text));
        assert_eq!(folder.total_bytes(), 600);
        let over = folder.read("b.txt").unwrap_err();
        assert_eq!(
            over,
            Problem::ArticlesTooLarge {
                path: "b.txt".to_owned(),
                total: 1200,
                cap: 1000
            }
        );
        assert_eq!(
            first.sha256(),
            crate::model::sha256_hex("a".repeat(600).as_bytes())
        );
    }

    #[test]
    fn one_buffer_reads_each_article_whole_whatever_it_held_before() {
        let dir = std::env::temp_dir().join(format!("sourceline-into-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let long = "long ".repeat(3000);
        std::fs::write(dir.join("long.txt"), &long).unwrap();
        std::fs::write(dir.join("short.txt"), "short").unwrap();
        std::fs::write(dir.join("empty.txt"), "").unwrap();
        std::fs::write(dir.join("bad.txt"), b"ok \xff").unwrap();
        let over = std::fs::File::create(dir.join("over.txt")).unwrap();
        // Sparse: over the cap without writing it.
        over.set_len(crate::load::MAX_ARTICLE_BYTES + 1).unwrap();
        let folder = ArticleFolder::open(&dir);
        let mut buffer = Vec::new();
        assert_eq!(folder.read_into("long.txt", &mut buffer).unwrap(), long);
        assert_eq!(folder.read_into("short.txt", &mut buffer).unwrap(), "short");
        assert_eq!(folder.read_into("empty.txt", &mut buffer).unwrap(), "");
        assert!(matches!(
            folder.read_into("bad.txt", &mut buffer),
            Err(Problem::ArticleNotText { .. })
        ));
        assert!(matches!(
            folder.read_into("over.txt", &mut buffer),
            Err(Problem::ArticleTooLarge { .. })
        ));
        assert!(matches!(
            folder.read_into("../escape.txt", &mut buffer),
            Err(Problem::ArticleOutsideFolder(_))
        ));
        assert_eq!(folder.read_into("long.txt", &mut buffer).unwrap(), long);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
