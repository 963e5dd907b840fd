//! Property tests for everything in discovery that parses text or bytes: the
//! detectors, masking, column profiles and the COPY block decoder. Inputs are arbitrary
//! Unicode (multi-byte letters, emoji, combining marks, right-to-left text, NUL),
//! invalid UTF-8, very long lines, and fixture-like values with messy characters
//! spliced in, so every code path that slices text meets a character boundary it could
//! get wrong.

use super::connectors::{binary_text, CopyBlock, BINARY_PREFIX};
use super::detectors::{self, classify, find_in_text, unwrap_uri, Kind};
use super::mask::mask;
use super::verdict::{placeholder, ColumnProfile};
use proptest::prelude::*;

/// `default` cases, or as many as `PROPTEST_CASES` asks for (a longer run by hand).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Values shaped like the fixtures' identifiers, which the detectors' deeper paths
/// (checksums, numbering plans, URI and JSON handling) only look at.
const SEEDS: &[&str] = &[
    "Ola.Nordmann@Example.no",
    "mailto:åse@blåbær.no?subject=Hei",
    "sip:kari@firma.no;transport=tls",
    "+47 912 34 567",
    "0047 41 23 45 67",
    "070-123 45 67",
    "(202) 555-0143",
    "+49 (0)30 1234567",
    "0151/12345678",
    "81.167.42.7,10.0.0.1",
    "10.158.30.113/32",
    "fe80::1%eth0",
    "::ffff:192.0.2.1",
    "00:1A:2B:3C:4D:5E",
    "01010750160",
    "NO93 8601 1117 947",
    "NO 839 920 601 MVA",
    "4111 1111 1111 1111",
    "378282246310005",
    "3782-822463-10005",
    "imei: 490154203237518",
    "0012345678905",
    r#"{"kontakt": {"epost": "ola@example.no", "mobil": 91234567}, "v": "10.2.3.4"}"#,
    "Ring på, 6. etasje … kl. 17:00",
    "John Mårtensson. References: Ellen Lewis, 945 56 540; ola@x.no",
    "skriv til åse [at] blåbær [dot] no eller kari(AT)firma.no",
    "Møte (at) 10:00 [at] kontoret; array[at] index.html",
    "TEL;TYPE=cell:91234567",
    "From=%2B4791234567&Body=Hei+p%C3%A5+deg&sort=%2Bcreated",
    r#"{"value": "X+zrZv/IbzjZUnhsbWlsecLbwjndTpG0ZynXOif7V+k=", "salt": "7BjqyNdYseulLTwQ05rcbd=="}"#,
];

/// Characters that sit next to identifiers in real data and that byte-level code
/// trips over: multi-byte letters, emoji, combining marks, RTL, NUL, separators.
const MESSY: &[&str] = &[
    "å",
    "ø",
    "æ",
    "Å",
    "😀",
    "👩‍👩‍👧",
    "e\u{301}",
    "\u{202e}",
    "مرحبا",
    "\0",
    ":",
    ";",
    "?",
    "@",
    "%",
    "/",
    "(",
    ")",
    "+",
    "-",
    ".",
    ",",
    " ",
    "\t",
    "\n",
    "§",
    "€",
    "ß",
    "İ",
    "[at]",
    "(at)",
    "%2B",
    "[dot]",
    "{",
    "]",
];

fn messy_value() -> impl Strategy<Value = String> {
    let spliced = (
        prop::sample::select(SEEDS),
        prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(MESSY)),
            0..6,
        ),
    )
        .prop_map(|(seed, inserts)| {
            let mut s = seed.to_owned();
            for (at, piece) in inserts {
                let boundaries: Vec<usize> =
                    s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
                s.insert_str(boundaries[at.index(boundaries.len())], piece);
            }
            s
        });
    let pieces = prop::collection::vec(
        prop_oneof![
            prop::sample::select(MESSY).prop_map(str::to_owned),
            prop::sample::select(SEEDS).prop_map(str::to_owned),
            "[0-9 .:/-]{1,20}",
        ],
        0..12,
    )
    .prop_map(|p| p.concat());
    prop_oneof![spliced, pieces, any::<String>(), "\\PC{0,300}"]
}

/// More identifiers and their look-alikes, for texts dense with candidates.
const TEXT_SEEDS: &[&str] = &[
    "AB 12 34 56 C",
    "AB123456C",
    "131052-308T",
    "131052A308T",
    "131052+3081",
    "19811228-9874",
    "123-45-6789",
    "811228-9874",
    "00-1A-2B-3C-4D-5E",
    "00:1A-2B:3C-4D:5E",
    "001a.2b3c.4d5e",
    "2001:db8::8a2e:370:7334",
    "versjon 10.2.3.4",
    "§ 8.8.9.6",
    "12.03.2024",
    "Chrome/118.0.0.0",
    "8601.11.17947",
    "812 664 522",
    "+683 4002",
    "08-123 45",
    "(030) 1234567",
    "415-555-0132",
    "GB33BUKB20201555555555",
    "DE89 3704 0044 0532 0130 00",
    "kid 4111111111111111",
    "v1.2.3.4.5.6",
    "1.2.3.4.5.6.7.8.9",
    "x_1.2.3.4",
    "1234.5.6.7.8",
    "1.2.3.4x",
    "IP 1.2.3.4.",
    "1234 5678 9012 3456 7890",
];

/// Text made of identifiers, look-alikes, words and separators in any order.
fn dense_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(SEEDS).prop_map(str::to_owned),
            prop::sample::select(TEXT_SEEDS).prop_map(str::to_owned),
            prop::sample::select(MESSY).prop_map(str::to_owned),
            prop::sample::select(
                &["IP ", "ring ", "kontonr ", "NO ", " MVA", "imei: ", "cpr "][..]
            )
            .prop_map(str::to_owned),
            "[0-9A-F .:/()+-]{1,24}",
            // Digit groups of every length, joined as numbers are written.
            "\\(?0?[0-9]{1,8}\\)?([ ./-]?[0-9]{1,8}){0,5}",
        ],
        0..16,
    )
    .prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(2048), ..ProptestConfig::default() })]

    #[test]
    fn skipping_patterns_by_the_texts_features_never_loses_a_match(
        text in prop_oneof![dense_text(), messy_value()]
    ) {
        prop_assert_eq!(
            find_in_text(&text),
            detectors::find_in_text_with_every_pattern(&text),
            "{:?}",
            text
        );
    }
}

/// Whether `(start, end)` is a non-empty span of `text` on character boundaries.
fn on_boundaries(text: &str, start: usize, end: usize) -> bool {
    start < end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), ..ProptestConfig::default() })]

    #[test]
    fn detectors_never_panic_and_spans_fall_on_character_boundaries(text in messy_value()) {
        let _ = classify(&text);
        let _ = detectors::at_decoded(&text);
        let inner = unwrap_uri(&text);
        prop_assert!(text.contains(inner));
        let found = find_in_text(&text);
        for (i, m) in found.iter().enumerate() {
            prop_assert!(on_boundaries(&text, m.start, m.end), "{m:?} in {text:?}");
            prop_assert!((0.0..=1.0).contains(&m.score));
            if let Some(next) = found.get(i + 1) {
                prop_assert!(m.end <= next.start, "overlap: {m:?} {next:?}");
            }
            let span = &text[m.start..m.end];
            if m.kind == Kind::Email {
                prop_assert!(detectors::is_email(&detectors::at_decoded(span)), "{span:?}");
            }
            let _ = mask(m.kind, span);
        }
    }

    #[test]
    fn masking_any_value_of_any_kind_never_panics(text in messy_value()) {
        for kind in Kind::ALL {
            let masked = mask(kind, &text);
            prop_assert!(masked.contains('*'), "{kind:?}: {masked:?}");
        }
    }

    #[test]
    fn column_profiles_take_any_value_and_give_sane_verdicts(
        values in prop::collection::vec(prop::option::of(messy_value()), 1..40),
        name in prop::sample::select(&["epost", "notes", "payload", "tlf", "ip", "value"][..]),
    ) {
        let mut p = ColumnProfile::new(name);
        for v in &values {
            p.observe(v.as_deref());
        }
        let non_null = values
            .iter()
            .flatten()
            .filter(|v| !detectors::trim(v).is_empty() && !placeholder(detectors::trim(v)))
            .count() as u64;
        for f in p.verdicts() {
            prop_assert!((0.0..=1.0).contains(&f.match_ratio), "{f:?}");
            prop_assert!((0.3..=1.0).contains(&f.score), "{f:?}");
            prop_assert_eq!(f.rows_scanned, values.len() as u64);
            prop_assert_eq!(f.values_scanned, non_null);
            prop_assert!(f.matches <= non_null, "{f:?}");
            prop_assert!(f.examples.len() <= 3);
            for e in &f.examples {
                prop_assert!(e.contains('*'), "unmasked example {e:?}");
            }
        }
    }

    #[test]
    fn copy_text_decodes_to_the_values_that_were_encoded(
        rows in prop::collection::vec(
            prop::collection::vec(prop::option::of(messy_value()), 3),
            0..20,
        )
    ) {
        // PostgreSQL text values cannot hold NUL; COPY escapes the rest.
        let rows: Vec<Vec<Option<String>>> = rows
            .into_iter()
            .map(|r| r.into_iter().map(|v| v.map(|s| s.replace('\0', ""))).collect())
            .collect();
        let mut text = String::new();
        for row in &rows {
            let cells: Vec<String> = row.iter().map(|v| match v {
                None => "\\N".to_owned(),
                Some(s) => s
                    .replace('\\', "\\\\")
                    .replace('\t', "\\t")
                    .replace('\n', "\\n")
                    .replace('\r', "\\r"),
            }).collect();
            text.push_str(&cells.join("\t"));
            text.push('\n');
        }
        let mut cells = Vec::new();
        CopyBlock::decode(&text, 3, &mut cells);
        let decoded: Vec<Option<String>> = cells.into_iter().map(|c| c.map(|c| c.into_owned())).collect();
        let expected: Vec<Option<String>> = rows.into_iter().flatten().collect();
        prop_assert_eq!(decoded, expected);
    }

    #[test]
    fn a_binary_value_reads_as_its_text_or_as_none(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..64),
            messy_value().prop_map(String::into_bytes),
            // A text cut anywhere by the read's prefix.
            (messy_value(), 0usize..64).prop_map(|(v, cut)| {
                let mut b = v.repeat(BINARY_PREFIX / v.len().max(1) + 1).into_bytes();
                b.truncate(BINARY_PREFIX + cut % 4);
                b
            }),
        ]
    ) {
        match binary_text(&bytes) {
            // Text is the value's own bytes from its start, UTF-8 and without NUL.
            Some(text) => {
                prop_assert!(bytes.starts_with(text.as_bytes()));
                prop_assert!(!text.contains('\0'));
                // Only a prefix-long read may lose a cut character at its end (< 4 bytes).
                prop_assert!(text.len() == bytes.len() || bytes.len() >= BINARY_PREFIX);
                prop_assert!(bytes.len() - text.len() < 4);
            }
            None => prop_assert!(
                std::str::from_utf8(&bytes).map_or(true, |t| t.contains('\0'))
                    || bytes.len() >= BINARY_PREFIX
            ),
        }
    }

    #[test]
    fn copy_blocks_of_arbitrary_bytes_decode_without_panicking(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        width in 1usize..6,
    ) {
        let block = CopyBlock::from_bytes(bytes);
        block.with_cells(width, |cells| assert_eq!(cells.len() % width, 0));
    }
}

#[test]
fn very_long_lines_are_searched_without_panicking() {
    let mut line = String::new();
    while line.len() < 2 * 1024 * 1024 {
        line.push_str("æøå 😀 0012345678905 1.2.3.4.5.6 +47 912 34 567 ola@blåbær.no ::: ");
    }
    let found = find_in_text(&line);
    assert!(found.iter().any(|m| m.kind == Kind::Email));
    assert!(found.iter().all(|m| on_boundaries(&line, m.start, m.end)));
    let mut p = ColumnProfile::new("body");
    p.observe(Some(&line));
    assert!(!p.verdicts().is_empty());
}
