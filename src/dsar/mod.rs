//! Subject-access (Art. 15) and portability (Art. 20) requests: identifiers, locating a
//! person's rows across sources, export packages and their signed download links.

pub mod identifiers;
