//! Where `validateGetOrCreateMessage`'s own time goes, natively: scanning the JSON text,
//! building the value tree, checking it. Reads a request body (JSON text) on stdin, prints
//! µs per phase. A benchmark, not a test (README "Performance", validation). Usage:
//!
//! ```text
//! node -e 'import("./tests/bench/common.mjs").then((m) => process.stdout.write(JSON.stringify(m.carouselBody)))' \
//!   | cargo run --release --example validate_phases
//! ```
use std::io::Read;
use std::time::Instant;

use botpress_chat_wasm::model::Json;
use botpress_chat_wasm::validate::get_or_create_message;

/// Median µs per run of `f`, over 15 batches of `n` runs.
fn time(n: u32, mut f: impl FnMut() -> usize) -> f64 {
    let mut batches: Vec<f64> = (0..15)
        .map(|_| {
            let t = Instant::now();
            let mut sink = 0;
            for _ in 0..n {
                sink += f();
            }
            std::hint::black_box(sink);
            t.elapsed().as_secs_f64() * 1e6 / f64::from(n)
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[batches.len() / 2]
}

fn main() {
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("reading stdin: {e}");
        std::process::exit(2);
    }
    let tree = match Json::parse(&text) {
        Ok(tree) => tree,
        Err(e) => {
            eprintln!("not JSON: {}", e.describe());
            std::process::exit(2);
        }
    };
    let issues = get_or_create_message(&tree);
    let n = 20_000;
    // Depth 0: the text is checked (brackets, strings) and skipped, nothing is built.
    let scan = time(n, || Json::parse_to_depth(&text, 0).is_ok().into());
    let parse = time(n, || Json::parse(&text).is_ok().into());
    let check = time(n, || get_or_create_message(&tree).len());
    println!(
        "{} B, {} issues; µs: scan {scan:.2}, tree +{:.2} (parse {parse:.2}), check {check:.2}",
        text.len(),
        issues.len(),
        parse - scan
    );
}
