//! Where a FULL scan's CPU goes, on one thread and without a database: decoding COPY
//! text, then profiling each column. Feed it a file written by PostgreSQL's COPY:
//!
//! ```sh
//! psql -c "\copy (SELECT id::text, email, phone, ip, note, profile::text, sku, version
//!          FROM bench_people WHERE id <= 800000) TO '/tmp/bench.copy'" steward_bench
//! cargo run --release --example scan_costs -- /tmp/bench.copy id email phone ip note profile sku version
//! ```
use std::time::{Duration, Instant};
use steward::discovery::connectors::CopyBlock;
use steward::discovery::verdict::ColumnProfile;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a COPY text file");
    let columns: Vec<String> = args.collect();
    let width = columns.len();
    let data = std::fs::read(&path).expect("readable file");
    let text = std::str::from_utf8(&data).expect("UTF-8");
    // 1 MB blocks cut after a newline, as the connector hands them on.
    let mut blocks = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let cut = rest
            .get(CopyBlock::BYTES..)
            .and_then(|tail| tail.find('\n'))
            .map_or(rest.len(), |i| CopyBlock::BYTES + i + 1);
        blocks.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    let mut decode = Duration::ZERO;
    let mut per_column = vec![Duration::ZERO; width];
    let mut profiles: Vec<ColumnProfile> = columns.iter().map(|c| ColumnProfile::new(c)).collect();
    let mut rows = 0usize;
    for block in &blocks {
        let t = Instant::now();
        let mut cells = Vec::new();
        CopyBlock::decode(block, width, &mut cells);
        let cells: Vec<Option<&str>> = cells.iter().map(|c| c.as_deref()).collect();
        decode += t.elapsed();
        rows += cells.len() / width.max(1);
        for (i, p) in profiles.iter_mut().enumerate() {
            let t = Instant::now();
            for row in cells.chunks_exact(width) {
                p.observe(row[i]);
            }
            per_column[i] += t.elapsed();
        }
    }
    let mb = data.len() as f64 / 1e6;
    let us_per_row = |d: Duration| d.as_secs_f64() * 1e6 / rows as f64;
    println!("{rows} rows, {mb:.0} MB in {} blocks", blocks.len());
    println!("  decode       {:6.3} us/row", us_per_row(decode));
    for (c, d) in columns.iter().zip(&per_column) {
        println!("  {c:12} {:6.3} us/row", us_per_row(*d));
    }
    let total = decode + per_column.iter().sum::<Duration>();
    println!(
        "  total        {:6.3} us/row, {:.0} MB/s on one thread",
        us_per_row(total),
        mb / total.as_secs_f64()
    );
    for p in &profiles {
        for f in p.verdicts() {
            println!(
                "  finding: {:?} {:?} {}",
                f.kind, f.confidence, f.match_ratio
            );
        }
    }
}
