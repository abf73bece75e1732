//! The parser's floor: reads an events file and tokenises it with `serde_json`, building nothing,
//! then prints the time: `cargo run --release --example floor -- FILE`. `sourceline check` on
//! the same file, in the same run, is compared with it (BENCHMARKS.md).

use std::time::Instant;

#[expect(clippy::print_stdout, reason = "the time is the example's output")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = std::env::args_os().nth(1).ok_or("usage: floor FILE")?;
    let start = Instant::now();
    let bytes = std::fs::read(&file)?;
    let read = start.elapsed();
    let _: serde::de::IgnoredAny = serde_json::from_slice(&bytes)?;
    let total = start.elapsed();
    println!(
        "read {:.3} s, read and tokenise {:.3} s ({} bytes)",
        read.as_secs_f64(),
        total.as_secs_f64(),
        bytes.len()
    );
    Ok(())
}
