//! Discovery: find the personal data in connected databases.

pub mod detectors;
