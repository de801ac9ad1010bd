//! qunzhu-bench: the benchmarks that print Qunzhu's figures, one module a benchmark; the first
//! argument names it, none runs the member search benchmark (`search`).
//!
//! Usage: qunzhu-bench [--members N] [--runs R] [--dir DIR]
//!        qunzhu-bench import [--rows N]
//!        qunzhu-bench certificates [--pages N]
//!        qunzhu-bench engagement [--members N] [--days D] [--runs R]
//!        qunzhu-bench chats [--messages N] [--python PATH]
//!        qunzhu-bench retro [--members N] [--days D] [--runs R]
//!        qunzhu-bench growth [--cohorts C] [--signups N] [--runs R]

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod certificates;
mod chats;
mod engagement;
mod growth;
mod import;
mod retro;
mod search;

use std::time::Duration;

/// The value given after `name`, if any.
fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

/// The `p` quantile of sorted times, in milliseconds.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Prints a line of times: p50, p95 and max, the queries and the hits each.
fn report(label: &str, mut times: Vec<Duration>, hits: usize) {
    times.sort();
    println!(
        "{label:<34} p50 {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms   ({} queries, {:.0} hits/query)",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 1.0),
        times.len(),
        hits as f64 / times.len() as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("import") => import::bench(&args),
        Some("certificates") => certificates::bench(&args),
        Some("engagement") => engagement::bench(&args),
        Some("retro") => retro::bench(&args),
        Some("chats") => chats::bench(&args),
        Some("growth") => growth::bench(&args),
        _ => search::bench(&args),
    }
}
