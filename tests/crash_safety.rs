//! A save killed at any moment leaves the old file or the new one, never a torn one: a child
//! process saves two versions in turn, as fast as it can, and is killed with SIGKILL at random
//! moments, 200 times. The temporary files the killed saves leave behind show that kills
//! landed in the middle of writing, not only between saves.
//!
//! Its own `main` (`harness = false`): the same binary is the child when `CHILD_ENV` is set, so
//! no test passes by doing nothing in a normal run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::{RngExt as _, SeedableRng as _};

/// Set in the child: the events file to save into, over and over.
const CHILD_ENV: &str = "SOURCELINE_CRASH_SAFETY_CHILD";

fn main() {
    match std::env::var_os(CHILD_ENV) {
        Some(path) => save_in_a_loop(&PathBuf::from(path)),
        None => a_save_killed_at_any_moment_leaves_the_old_file_or_the_new_one(),
    }
}

/// The child: saves `FILE.a` and `FILE.b` into FILE in turn, through the real save (checked by
/// the loader, then written atomically), until killed.
fn save_in_a_loop(path: &Path) -> ! {
    let read = |ext: &str| std::fs::read_to_string(path.with_extension(ext)).unwrap_or_default();
    let versions = [read("a"), read("b")];
    loop {
        for text in &versions {
            if sourceline::edit::save::save_events(text, path).is_err() {
                std::process::exit(3);
            }
        }
    }
}

/// Temporary files of saves of `path` in its folder.
fn temporaries(path: &Path) -> Vec<PathBuf> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().ends_with(".sourceline-tmp"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[expect(clippy::print_stdout, reason = "the test reports what the kills hit")]
fn a_save_killed_at_any_moment_leaves_the_old_file_or_the_new_one() {
    // Under the build folder, on the disk that holds it: in a memory file system (a tmpfs
    // /tmp) fsync costs nothing, writes are over in microseconds, and few kills would land
    // in one.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("articles")).unwrap_or_default();
    for file in ["events.json", "articles/wire.txt", "articles/digest.txt"] {
        std::fs::copy(Path::new("tests/fixtures/ui").join(file), dir.join(file))
            .unwrap_or_else(|e| panic!("cannot copy the fixture's {file}: {e}"));
    }
    let path = dir.join("events.json");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let edit = sourceline::edit::Edit::DeleteEvent("summit".to_owned());
    let Ok((new, _)) = sourceline::edit::apply(&old, &edit) else {
        panic!("the edit plans");
    };
    std::fs::write(path.with_extension("a"), &old).unwrap_or_default();
    std::fs::write(path.with_extension("b"), &new).unwrap_or_default();
    let me = std::env::current_exe().unwrap_or_default();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut seen = [0_usize; 2];
    let mut mid_write = 0;
    for kill in 0..200 {
        let mut child = Command::new(&me)
            .env(CHILD_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the child: {e}"));
        std::thread::sleep(Duration::from_micros(rng.random_range(2_000..40_000)));
        // SIGKILL on Unix: no destructor, no flush, no chance to tidy up.
        let _ = child.kill();
        let status = child.wait();
        assert!(
            status.is_ok_and(|s| s.code() != Some(3)),
            "kill {kill}: the child's save failed"
        );
        let now = std::fs::read_to_string(&path).unwrap_or_default();
        let which = if now == old {
            0
        } else if now == new {
            1
        } else {
            panic!(
                "kill {kill}: the file is neither version ({} bytes)",
                now.len()
            );
        };
        seen[which] += 1;
        assert!(
            sourceline::load::load(&path).is_ok(),
            "kill {kill}: the file does not load"
        );
        // A temporary file left behind: the kill came between its creation and the rename.
        let left = temporaries(&path);
        if !left.is_empty() {
            mid_write += 1;
        }
        for temp in left {
            let _ = std::fs::remove_file(temp);
        }
    }
    println!(
        "200 kills: old file {}, new file {}, {mid_write} in the middle of writing",
        seen[0], seen[1]
    );
    // The kills landed while saves were going on: both versions were seen on disk, and some
    // kills cut a write short.
    assert!(seen[0] > 10 && seen[1] > 10, "{seen:?}");
    assert!(mid_write > 5, "only {mid_write} kills landed mid-write");
    let _ = std::fs::remove_dir_all(&dir);
}
