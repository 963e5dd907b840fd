//! Discovery: find the personal data in connected databases.

pub mod cli;
pub mod connectors;
pub mod detectors;
pub mod hints;
pub mod jobs;
pub mod mask;
#[cfg(test)]
mod properties;
pub mod scan;
pub mod scan_job;
pub mod source;
pub mod sources;
pub mod verdict;
