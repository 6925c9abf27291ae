//! The registrations import at 100,000 rows, step by step (figures printed, not asserted):
//! a file with its own codes, the same file without codes (a signed ticket minted for each),
//! and the same file imported again (nothing changes). Through the service, as the CLI does.
//! Run: `cargo run --release -p bluehats-core --example import-bench [-- --rows N] [--write-csv DIR]`
//! (`--write-csv`: only writes the two files, for the CLI's whole-process figure; `--only codes|minted`:
//! one of the two files, for a profile).

use std::time::Instant;

use bluehats_core::clock::VenueClock;
use bluehats_core::service::{ImportOptions, Kiosk, Options};
use bluehats_core::demo;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: usize = args.iter().position(|a| a == "--rows").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let mut with_codes = String::from("Nom;Prénom;Courriel;Organisme;Catégorie;Billet\n");
    let mut without = String::from("Nom;Prénom;Courriel;Organisme;Catégorie\n");
    for (i, a) in demo::attendees(rows).iter().enumerate() {
        let (first, last) = a.name.split_once(' ').unwrap();
        let (email, org) = (a.email.as_deref().unwrap(), a.organisation.as_deref().unwrap_or(""));
        with_codes.push_str(&format!("{last};{first};{email};{org};citoyen;PX{i:08}\n"));
        without.push_str(&format!("{last};{first};{email};{org};citoyen\n"));
    }
    // The same files for the CLI's whole-process figure (scripts/bench.sh).
    if let Some(dir) = args.iter().position(|a| a == "--write-csv").and_then(|i| args.get(i + 1)) {
        std::fs::write(format!("{dir}/with-codes.csv"), &with_codes).unwrap();
        std::fs::write(format!("{dir}/without-codes.csv"), &without).unwrap();
        return;
    }
    println!("registrations import, {rows} rows ({} cores)", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    // `--only codes` or `--only minted`: one of the two files (for a profile of one path).
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).map(String::as_str);
    for (kind, label, text) in [("codes", "with their codes", &with_codes), ("minted", "a signed ticket minted for each", &without)] {
        if only.is_some_and(|o| o != kind) {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        for pass in ["first import", "again, nothing changed"] {
            // As the CLI runs it: the store opened, the file imported, the store closed (the
            // last connection folds the write-ahead log into the file).
            let k = Kiosk::open(Options { dir: dir.path().to_path_buf(), clock: VenueClock::Real, desk: None, demo: false }).unwrap();
            let t = Instant::now();
            let plan = k.import_attendees(text.as_bytes(), "big.csv", ImportOptions::default(), &mut |_, _| {}).unwrap();
            let s = t.elapsed().as_secs_f64();
            drop(k);
            let closed = t.elapsed().as_secs_f64() - s;
            println!("import {label}, {pass}: {s:.3} s, closing the store {closed:.3} s ({} new, {} updated, {} unchanged)", plan.new, plan.updated, plan.unchanged);
            println!("BENCH core import of {rows} rows {label}, {pass}, closing the store = {closed:.3} s");
            println!("BENCH core import of {rows} rows {label}, {pass} = {s:.3} s");
        }
    }
}
