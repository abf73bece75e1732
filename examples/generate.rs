//! Writes a large synthetic events file and the articles it cites, deterministic for a seed:
//! `cargo run --release --example generate -- --events N --seed S --out DIR`.
//!
//! Events spread over five decades in 6–12 actor lanes, about 10% spans, mixed precisions;
//! every citation quotes a sentence of one of about 1,000 generated articles (5–20 KB each)
//! verbatim, so `sourceline check DIR/events.json` reports no errors.
//!
//! `--articles 6 --article-kb 9000 --short-quotes` makes the other shape large timelines take:
//! a few long articles (tickers, wire digests, transcripts), each cited by many short quotes.

use std::fmt::Write as _;
use std::io::{BufWriter, Write as _};
use std::path::PathBuf;

use clap::Parser;
use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

#[derive(Parser)]
struct Args {
    /// How many events.
    #[arg(long)]
    events: usize,
    /// Seed; the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder (created).
    #[arg(long)]
    out: PathBuf,
    /// How many articles (at most one per event).
    #[arg(long, default_value_t = 1_000)]
    articles: usize,
    /// Each article's size in KB; by default 5 to 20, at random.
    #[arg(long)]
    article_kb: Option<usize>,
    /// Quote a short, unique phrase ("note 12, the") rather than a whole sentence.
    #[arg(long)]
    short_quotes: bool,
}

const WORDS: &[&str] = &[
    "delegations",
    "guarantees",
    "ceasefire",
    "security",
    "alliance",
    "talks",
    "summit",
    "pledge",
    "troops",
    "sanctions",
    "negotiators",
    "framework",
    "deterrence",
    "envoys",
    "ministers",
    "assurances",
    "aid",
    "border",
];
const ACTORS: &[&str] = &[
    "United States",
    "Russia",
    "Ukraine",
    "European Union",
    "NATO",
    "United Nations",
    "France",
    "Germany",
    "United Kingdom",
    "China",
    "Poland",
    "Turkey",
];
const TAGS: &[&str] = &["talks", "aid", "troops", "statement", "spending", "un"];

fn main() -> std::io::Result<()> {
    write_args(&Args::parse())
}

/// Writes `out/events.json` with `events` events and the articles they cite, for `seed`.
/// The benchmarks include this file to make their inputs.
///
/// # Errors
/// When a folder or file cannot be created or written.
pub fn write(events: usize, seed: u64, out: &std::path::Path) -> std::io::Result<()> {
    write_args(&Args {
        events,
        seed,
        out: out.to_owned(),
        articles: 1_000,
        article_kb: None,
        short_quotes: false,
    })
}

/// Writes the files `args` describe.
fn write_args(args: &Args) -> std::io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let articles_dir = args.out.join("articles");
    std::fs::create_dir_all(&articles_dir)?;

    let article_count = args.articles.max(1).min(args.events.max(1));
    // Sentences of each article; every one is unique, so every quote anchors exactly once.
    let mut sentences: Vec<Vec<String>> = Vec::with_capacity(article_count);
    for a in 0..article_count {
        let target = match args.article_kb {
            Some(kb) => kb * 1_000,
            None => rng.random_range(5_000..20_000),
        };
        let mut text = String::with_capacity(target + 200);
        let mut list = Vec::new();
        let mut s = 0;
        while text.len() < target {
            let mut sentence = format!("In report {a} note {s}, the");
            for _ in 0..rng.random_range(6..14) {
                sentence.push(' ');
                sentence.push_str(WORDS[rng.random_range(0..WORDS.len())]);
            }
            sentence.push('.');
            text.push_str(&sentence);
            text.push(if s % 5 == 4 { '\n' } else { ' ' });
            list.push(sentence);
            s += 1;
        }
        std::fs::write(articles_dir.join(format!("a{a:04}.txt")), text)?;
        sentences.push(list);
    }

    let lanes = 6 + (args.seed % 7) as usize;
    let file = std::fs::File::create(args.out.join("events.json"))?;
    let mut out = BufWriter::new(file);
    writeln!(
        out,
        "{{\"format\":\"sourceline/1\",\"title\":\"Generated: {} events, seed {}\",\"sources\":[",
        args.events, args.seed
    )?;
    for a in 0..article_count {
        let comma = if a + 1 < article_count { "," } else { "" };
        writeln!(
            out,
            "{{\"id\":\"a{a:04}\",\"title\":\"Report {a}\",\"publisher\":\"Generator\",\"published\":\"2025\",\"file\":\"articles/a{a:04}.txt\"}}{comma}"
        )?;
    }
    writeln!(out, "],\"events\":[")?;
    let mut line = String::new();
    for i in 0..args.events {
        line.clear();
        let year = rng.random_range(1975..2026);
        let month = rng.random_range(1..=12);
        let day = rng.random_range(1..=28);
        let precision = rng.random_range(0..10);
        let date = match precision {
            0 => format!("{year:04}"),
            1 | 2 => format!("{year:04}-{month:02}"),
            _ => format!("{year:04}-{month:02}-{day:02}"),
        };
        let end = if rng.random_range(0..10) == 0 {
            let end_year = year + rng.random_range(0..3);
            format!(",\"end\":\"{end_year:04}-12-31\"")
        } else {
            String::new()
        };
        let a = rng.random_range(0..article_count);
        let s = rng.random_range(0..sentences[a].len());
        // "note 12, the" occurs once in its article: "note " is never followed by another
        // number that ends in 12.
        let short;
        let quote = if args.short_quotes {
            short = format!("note {s}, the");
            &short
        } else {
            &sentences[a][s]
        };
        let first_actor = ACTORS[rng.random_range(0..lanes)];
        let second_actor = ACTORS[rng.random_range(0..lanes)];
        let actors = if first_actor == second_actor {
            format!("\"{first_actor}\"")
        } else {
            format!("\"{first_actor}\",\"{second_actor}\"")
        };
        let tag = TAGS[rng.random_range(0..TAGS.len())];
        let word = WORDS[rng.random_range(0..WORDS.len())];
        let _ = write!(
            line,
            "{{\"id\":\"e{i}\",\"date\":\"{date}\"{end},\"title\":\"Event {i} on {word}\",\"actors\":[{actors}],\"tags\":[\"{tag}\"],\"citations\":[{{\"source\":\"a{a:04}\",\"quote\":\"{quote}\"}}]}}"
        );
        if i + 1 < args.events {
            line.push(',');
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out, "]}}")?;
    out.flush()
}
