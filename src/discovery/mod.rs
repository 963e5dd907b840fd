//! Discovery: find the personal data in connected databases.

pub mod detectors;
pub mod hints;
pub mod mask;
pub mod verdict;
