//! A save killed at any moment leaves the old file or the new one, never a torn one: a child
//! process saves two versions in turn, as fast as it can, and is killed with SIGKILL at random
//! moments, 200 times.

mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::{RngExt as _, SeedableRng as _};

/// Set in the child: the events file to save into, over and over.
const CHILD_ENV: &str = "SOURCELINE_CRASH_SAFETY_CHILD";

/// The child's side: save `FILE.a` and `FILE.b` into FILE in turn, through the real save
/// (checked by the loader, then written atomically), until killed. A no-op in a normal run.
#[test]
fn child_saves_in_a_loop() {
    let Some(path) = std::env::var_os(CHILD_ENV).map(PathBuf::from) else {
        return;
    };
    let read = |ext: &str| std::fs::read_to_string(path.with_extension(ext)).unwrap_or_default();
    let versions = [read("a"), read("b")];
    loop {
        for text in &versions {
            if sourceline::edit::save::save_events(text, &path).is_err() {
                std::process::exit(3);
            }
        }
    }
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_file_or_the_new_one() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let path = common::ui_fixture_copy("crash");
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
    for kill in 0..200 {
        let mut child = Command::new(&me)
            .args(["--exact", "child_saves_in_a_loop", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the child: {e}"));
        std::thread::sleep(Duration::from_micros(rng.random_range(2_000..40_000)));
        // SIGKILL on Unix: no destructor, no flush, no chance to tidy up.
        let _ = child.kill();
        let _ = child.wait();
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
    }
    // The kills landed while saves were going on: both versions were seen on disk.
    assert!(seen[0] > 10 && seen[1] > 10, "{seen:?}");
}
