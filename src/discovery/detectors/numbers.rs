//! Numeric identifiers: payment cards, IBANs, Norwegian national identity numbers
//! (fødselsnummer and D-number), organisation and bank account numbers, IMEIs.
//!
//! Each `is_*` takes a candidate already reduced to its digits (or, for IBAN, to upper
//! case letters and digits) and says whether it is one, by structure and check digits.

use super::checksum::{iban_mod97, luhn, mod11_check};
use chrono::NaiveDate;

fn all_same(d: &[u8]) -> bool {
    d.windows(2).all(|w| w[0] == w[1])
}

/// A payment card number: 12–19 digits, Luhn, and a known issuer range.
pub fn is_card(d: &[u8]) -> bool {
    if !(12..=19).contains(&d.len()) || all_same(d) || !luhn(d) {
        return false;
    }
    let prefix = |n: usize| -> u32 {
        std::str::from_utf8(&d[..n.min(d.len())])
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    let len = d.len();
    let (p1, p2, p3, p4, p6) = (prefix(1), prefix(2), prefix(3), prefix(4), prefix(6));
    match () {
        // Visa
        _ if p1 == 4 => matches!(len, 13 | 16 | 19),
        // Mastercard
        _ if (51..=55).contains(&p2) || (2221..=2720).contains(&p4) => len == 16,
        // American Express
        _ if p2 == 34 || p2 == 37 => len == 15,
        // Discover
        _ if p4 == 6011
            || (644..=649).contains(&p3)
            || p2 == 65
            || (622126..=622925).contains(&p6) =>
        {
            (16..=19).contains(&len)
        }
        // Diners Club
        _ if (300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39 => {
            (14..=19).contains(&len)
        }
        // JCB
        _ if (3528..=3589).contains(&p4) => (16..=19).contains(&len),
        // Maestro
        _ if p2 == 50 || (56..=69).contains(&p2) => (12..=19).contains(&len),
        _ => false,
    }
}

/// IBAN lengths by country: the whole ISO 13616 registry (SWIFT, release 2024).
fn iban_length(country: &str) -> Option<usize> {
    Some(match country {
        "NO" => 15,
        "BE" => 16,
        "DK" | "FI" | "FK" | "FO" | "GL" | "NL" | "SD" => 18,
        "MK" | "SI" => 19,
        "AT" | "BA" | "EE" | "KZ" | "LT" | "LU" | "MN" | "XK" => 20,
        "CH" | "HR" | "LI" | "LV" => 21,
        "BG" | "BH" | "CR" | "DE" | "GB" | "GE" | "IE" | "ME" | "RS" | "VA" => 22,
        "AE" | "GI" | "IL" | "IQ" | "OM" | "SO" | "TL" => 23,
        "AD" | "CZ" | "ES" | "MD" | "PK" | "RO" | "SA" | "SE" | "SK" | "TN" | "VG" => 24,
        "LY" | "PT" | "ST" => 25,
        "IS" | "TR" => 26,
        "BI" | "DJ" | "FR" | "GR" | "IT" | "MC" | "MR" | "SM" => 27,
        "AL" | "AZ" | "BY" | "CY" | "DO" | "GT" | "HN" | "HU" | "LB" | "NI" | "PL" | "SV" => 28,
        "BR" | "EG" | "PS" | "QA" | "UA" => 29,
        "JO" | "KW" | "MU" | "YE" => 30,
        "MT" | "SC" => 31,
        "LC" => 32,
        "RU" => 33,
        _ => return None,
    })
}

/// An IBAN in compact upper-case form: right length for its country, and mod-97.
pub fn is_iban(compact: &str) -> bool {
    let b = compact.as_bytes();
    if b.len() < 15 || b.len() > 34 {
        return false;
    }
    let Some(country) = compact.get(..2) else {
        return false;
    };
    b[0].is_ascii_uppercase()
        && b[1].is_ascii_uppercase()
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit()
        && iban_length(country) == Some(b.len())
        && b[4..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && iban_mod97(compact)
}

const FNR_K1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const FNR_K2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// A Norwegian national identity number (fødselsnummer) or D-number: 11 digits, a valid
/// birth date (D-numbers add 40 to the day) with the century its individual number
/// implies, and both mod-11 check digits.
pub fn is_national_id(d: &[u8]) -> bool {
    if d.len() != 11 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = |i: usize| u32::from(d[i] - b'0');
    let mut day = n(0) * 10 + n(1);
    let month = n(2) * 10 + n(3);
    let yy = n(4) * 10 + n(5);
    let individual = n(6) * 100 + n(7) * 10 + n(8);
    if day > 40 {
        day -= 40; // D-number
    }
    let century = match individual {
        0..=499 => 1900,
        500..=749 if yy >= 54 => 1800,
        500..=999 if yy <= 39 => 2000,
        900..=999 if yy >= 40 => 1900,
        _ => return false,
    };
    if NaiveDate::from_ymd_opt((century + yy) as i32, month, day).is_none() {
        return false;
    }
    mod11_check(&d[..9], &FNR_K1) == Some(d[9] - b'0')
        && mod11_check(&d[..10], &FNR_K2) == Some(d[10] - b'0')
}

/// ASCII digits as a number.
fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

/// A Swedish personnummer's ten digits, `YYMMDDNNNC`, of someone born in `year` (2000
/// where the century is not written, so any 29 February passes): a date, day + 60 for
/// a coordination number, and a Luhn check.
fn is_swedish_ten(ten: &[u8], year: i32) -> bool {
    let (m, d) = (number(&ten[2..4]), number(&ten[4..6]));
    let date = |d| NaiveDate::from_ymd_opt(year, m, d).is_some();
    luhn(ten) && (date(d) || (d > 60 && date(d - 60)))
}

/// Whether digits begin with a date written `DDMMYY` (a Danish CPR number's and a
/// Finnish henkilötunnus's; any century, so any 29 February passes).
fn starts_ddmmyy(b: &[u8]) -> bool {
    NaiveDate::from_ymd_opt(2000, number(&b[2..4]), number(&b[0..2])).is_some()
}

/// How sure a value is one of the neighbouring countries' national identity numbers, in
/// the form each country writes it: a Swedish personnummer (`YYMMDD-NNNC`, with `+`
/// past 100, or `YYYYMMDD-NNNC`; Luhn), a Finnish henkilötunnus (`DDMMYY-NNNC`, century
/// sign, mod-31 check character), a Danish CPR number (`DDMMYY-NNNN`, no check digit
/// since 2007: a valid date only, so weaker), a British National Insurance number
/// (`AB 12 34 56 C`) or a US Social Security number (`123-45-6789`).
pub fn foreign_national_id(s: &str) -> Option<f32> {
    let b = s.as_bytes();
    // Every form is 9 to 13 bytes, with a separator or a letter where the digits stop.
    if !(9..=13).contains(&b.len())
        || !b
            .iter()
            .any(|c| matches!(c, b'-' | b'+' | b' ') || c.is_ascii_uppercase())
    {
        return None;
    }
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let num = |r: std::ops::Range<usize>| number(&b[r]);
    let date = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).is_some();
    match b.len() {
        // YYMMDD-NNNC (Sweden) or DDMMYY-NNNN (Denmark) or DDMMYYxNNNC (Finland).
        11 if digits(0..6) => {
            let sep = b[6];
            if matches!(sep, b'-' | b'+') && digits(7..11) {
                let mut ten = [0u8; 10];
                ten[..6].copy_from_slice(&b[..6]);
                ten[6..].copy_from_slice(&b[7..11]);
                // Sweden: YYMMDD, day + 60 for a coordination number; Luhn.
                if is_swedish_ten(&ten, 2000) {
                    return Some(0.9);
                }
                // Denmark: DDMMYY and four digits.
                if sep == b'-' && starts_ddmmyy(b) {
                    return Some(0.55);
                }
            }
            if matches!(sep, b'-' | b'+' | b'A'..=b'F' | b'U'..=b'Y') && digits(7..10) {
                const CHECK: &[u8] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
                let n = num(0..6) as u64 * 1000 + u64::from(num(7..10));
                return (starts_ddmmyy(b) && CHECK[(n % 31) as usize] == b[10]).then_some(0.95);
            }
            None
        }
        // YYYYMMDD-NNNC (Sweden, with the century).
        13 if digits(0..8) && b[8] == b'-' && digits(9..13) => {
            let mut ten = [0u8; 10];
            ten[..6].copy_from_slice(&b[2..8]);
            ten[6..].copy_from_slice(&b[9..13]);
            (luhn(&ten) && date(num(0..4) as i32, num(4..6), num(6..8))).then_some(0.9)
        }
        // 123-45-6789 (USA): no area 000, 666 or 9xx, no group 00, no serial 0000.
        11 if b[3] == b'-' && b[6] == b'-' && digits(0..3) && digits(4..6) && digits(7..11) => {
            let area = num(0..3);
            (area != 0 && area != 666 && area < 900 && num(4..6) != 0 && num(7..11) != 0)
                .then_some(0.8)
        }
        _ => uk_nino(s).then_some(0.85),
    }
}

/// A British National Insurance number: two letters (not every pair), six digits and
/// a letter A–D, spaces optional.
fn uk_nino(s: &str) -> bool {
    if !(9..=13).contains(&s.len()) {
        return false;
    }
    let mut compact = [0u8; 9];
    let mut n = 0;
    for c in s.bytes().filter(|b| *b != b' ') {
        if n == 9 {
            return false;
        }
        compact[n] = c;
        n += 1;
    }
    if n != 9 {
        return false;
    }
    let (a, b) = (compact[0], compact[1]);
    let first_ok = a.is_ascii_uppercase() && !b"DFIQUV".contains(&a);
    let second_ok = b.is_ascii_uppercase() && !b"DFIQUVO".contains(&b);
    let prefix_ok = ![b"BG", b"GB", b"NK", b"KN", b"TN", b"NT", b"ZZ"].contains(&&[a, b]);
    first_ok
        && second_ok
        && prefix_ok
        && compact[2..8].iter().all(u8::is_ascii_digit)
        && (b'A'..=b'D').contains(&compact[8])
}

/// The organisation number in its VAT form, `NO 839 920 601 MVA` (spaces optional).
pub fn vat_org_number(s: &str) -> bool {
    let Some(middle) = s.strip_prefix("NO").and_then(|r| r.strip_suffix("MVA")) else {
        return false;
    };
    let mut d = [0u8; 9];
    let mut n = 0;
    for c in middle.bytes() {
        match c {
            b'0'..=b'9' if n < 9 => {
                d[n] = c;
                n += 1;
            }
            b' ' => {}
            _ => return false,
        }
    }
    n == 9 && is_org_number(&d)
}

/// A Norwegian organisation number: 9 digits starting with 8 or 9, mod-11.
pub fn is_org_number(d: &[u8]) -> bool {
    d.len() == 9
        && matches!(d[0], b'8' | b'9')
        && mod11_check(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[8] - b'0')
}

/// A Norwegian bank account number: 11 digits, mod-11 over the first ten.
pub fn is_bank_account(d: &[u8]) -> bool {
    d.len() == 11
        && !all_same(d)
        && mod11_check(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[10] - b'0')
}

/// An IMEI: 15 digits, Luhn, not an American Express number.
pub fn is_imei(d: &[u8]) -> bool {
    d.len() == 15 && !all_same(d) && !(d[0] == b'3' && matches!(d[1], b'4' | b'7')) && luhn(d)
}

/// A SIM card's ICCID (ITU-T E.118): `89` (telecommunications), the country's calling
/// code, the issuer and the card, 19 or 20 digits with a Luhn check digit.
pub fn is_iccid(d: &[u8]) -> bool {
    matches!(d.len(), 19 | 20) && d.starts_with(b"89") && !all_same(&d[2..]) && luhn(d)
}

/// An IMSI, the subscriber's identity a SIM holds: a mobile country code (`242` Norway,
/// `240` Sweden, `234` the UK…, from 200 to 799), the network's and the subscriber's
/// digits, fifteen in all (fourteen in a few networks). No check digit: one only where
/// the column's name says IMSI.
pub fn is_imsi(v: &str) -> bool {
    let b = v.as_bytes();
    matches!(b.len(), 14 | 15)
        && b.iter().all(u8::is_ascii_digit)
        && matches!(b[0], b'2'..=b'7')
        && !all_same(&b[3..])
}

/// What a 3GPP network access identifier (`…@wlan.mnc001.mcc242.3gppnetwork.org`) is:
/// none for other addresses; true when its user part is the subscriber's IMSI, as
/// EAP-SIM/AKA's permanent identity for Wi-Fi calling and hotspots writes it (a leading
/// `0`, `1` or `6` names the method: `0242011234567890@…`); false for a pseudonym. It
/// is never a mailbox.
pub fn nai_imsi(v: &str) -> Option<bool> {
    // The realm ends the value: its suffix first, before any search for the `@` (every
    // address in a column of them is asked).
    let suffix = b".3gppnetwork.org";
    let b = v.as_bytes();
    if b.len() <= suffix.len() || !b[b.len() - suffix.len()..].eq_ignore_ascii_case(suffix) {
        return None;
    }
    let (user, realm) = v.split_once('@')?;
    if realm.len() <= suffix.len() {
        return None;
    }
    let imsi = match user.as_bytes() {
        [b'0' | b'1' | b'6', rest @ ..] if rest.len() == 15 => &user[1..],
        _ => user,
    };
    Some(is_imsi(imsi))
}

/// A UK NHS number (England, Wales, the Isle of Man): ten digits, bare or grouped
/// 3-3-4 (`943 476 5919`, `943-476-5919`), mod-11 over the first nine with weights 10
/// to 2. Ten digits are as often a phone number: one only where the column's name says
/// NHS.
pub fn is_nhs_number(v: &str) -> bool {
    let b = v.as_bytes();
    let mut d = [0u8; 10];
    match b.len() {
        10 => d.copy_from_slice(b),
        12 if b[3] == b[7] && matches!(b[3], b' ' | b'-') => {
            d[..3].copy_from_slice(&b[..3]);
            d[3..6].copy_from_slice(&b[4..7]);
            d[6..].copy_from_slice(&b[8..]);
        }
        _ => return false,
    }
    d.iter().all(u8::is_ascii_digit)
        && !all_same(&d)
        && mod11_check(&d[..9], &[10, 9, 8, 7, 6, 5, 4, 3, 2]) == Some(d[9] - b'0')
}

/// A Swedish personnummer as Swedish systems store it, twelve bare digits with the
/// century (`198112289874`): a date (day + 60 for a coordination number) and a Luhn
/// check over the last ten. Twelve digits are many things: one only where the column's
/// name says national id.
pub fn is_twelve_digit_personnummer(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 12
        || !b.iter().all(u8::is_ascii_digit)
        || !matches!(&b[..2], b"18" | b"19" | b"20")
    {
        return false;
    }
    is_swedish_ten(&b[2..], number(&b[..4]) as i32)
}

/// A Swedish personnummer (`YYMMDDNNNC`, Luhn) or a Danish CPR number (`DDMMYYNNNN`, a
/// date only) written without its separator, ten bare digits as many systems keep them
/// (`8112289874`, `0102031235`): one only where the column's name says national id.
pub fn is_bare_nordic_id(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    is_swedish_ten(b, 2000) || starts_ddmmyy(b)
}

/// Fourteen digits that are an IMEI whose leading `0` a number column dropped (a type
/// allocation code from `01`): the IMEI with the zero restored.
pub fn is_zero_dropped_imei(v: &str) -> bool {
    with_zero_restored::<15>(v, is_imei)
}

/// Whether `v` is `N - 1` digits that `check` accepts led by a zero: a number a number
/// column kept without its leading zero.
fn with_zero_restored<const N: usize>(v: &str, check: fn(&[u8]) -> bool) -> bool {
    let b = v.as_bytes();
    b.len() == N - 1 && b.iter().all(u8::is_ascii_digit) && {
        let mut full = [b'0'; N];
        full[1..].copy_from_slice(b);
        check(&full)
    }
}

/// A national identity number kept as an integer, which lost the leading zero of a
/// birth day from 1 to 9 (`01010750160` as `1010750160`): ten digits that, led by a
/// zero, are one.
pub fn is_zero_dropped_national_id(v: &str) -> bool {
    with_zero_restored::<11>(v, is_national_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_digit_personnummer_needs_a_date_and_luhn() {
        for ok in ["198112289874", "201701022384", "198112889871"] {
            assert!(is_twelve_digit_personnummer(ok), "{ok}");
        }
        for bad in [
            "198112289875",
            "198113289874",
            "178112289874",
            "19811228987",
            "19811228-987",
        ] {
            assert!(!is_twelve_digit_personnummer(bad), "{bad}");
        }
    }

    #[test]
    fn bare_swedish_and_danish_ids_need_a_date() {
        for ok in ["8112289874", "0102031235", "1503852345"] {
            assert!(is_bare_nordic_id(ok), "{ok}");
        }
        for bad in [
            "8113289875",
            "3213852345",
            "010203123",
            "01020312356",
            "01020-1235",
        ] {
            assert!(!is_bare_nordic_id(bad), "{bad}");
        }
    }

    #[test]
    fn nhs_numbers_need_their_check_digit() {
        for ok in ["943 476 5919", "9434765919", "943-476-5919", "401 023 2137"] {
            assert!(is_nhs_number(ok), "{ok}");
        }
        for bad in [
            "943 476 5918",
            "94347659190",
            "943 4765 919",
            "943 476-5919",
            "0000000000",
            "943 476 591a",
            "+1 415 555 0132",
        ] {
            assert!(!is_nhs_number(bad), "{bad}");
        }
    }

    #[test]
    fn cards_need_luhn_and_an_issuer() {
        for ok in [
            "4111111111111111",
            "5555555555554444",
            "378282246310005",
            "6011111111111117",
            "3530111333300000",
            "2223003122003222",
        ] {
            assert!(is_card(ok.as_bytes()), "{ok}");
        }
        // Luhn-valid but no issuer starts with 1; altered digit; all zeros; too short.
        for bad in [
            "1234567812345670",
            "4111111111111112",
            "0000000000000000",
            "42424242",
        ] {
            assert!(!is_card(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn ibans_by_length_and_checksum() {
        assert!(is_iban("NO9386011117947"));
        assert!(is_iban("DE89370400440532013000"));
        assert!(!is_iban("NO9386011117948"), "checksum");
        assert!(!is_iban("NO938601111794"), "length");
        assert!(!is_iban("XX9386011117947"), "country");
        for ok in [
            "AD1200012030200359100100",
            "BR1800360305000010009795493C1",
            "CR05015202001026284066",
            "EE382200221020145685",
            "GI75NWBK000000007099453",
            "TL380080012345678910157",
            "JO94CBJO0010000000000131000302",
            "MU17BOMM0101101030300200000MUR",
            "SE4550000000058398257466",
            "GB82WEST12345698765432",
        ] {
            assert!(is_iban(ok), "{ok}");
        }
        assert!(!is_iban("ÅÅ9386011117947"), "not a country, and no panic");
    }

    #[test]
    fn norwegian_national_ids_and_d_numbers() {
        // Synthetic numbers with valid dates and check digits.
        assert!(is_national_id(b"01010750160"), "born 1 Jan 1907");
        assert!(is_national_id(b"15076500050"));
        assert!(is_national_id(b"41010750073"), "D-number");
        assert!(!is_national_id(b"01010750161"), "second check digit");
        assert!(!is_national_id(b"31020750160"), "31 February");
        assert!(!is_national_id(b"12345678901"));
        assert!(!is_national_id(b"0101075016"), "10 digits");
    }

    #[test]
    fn national_ids_of_neighbouring_countries() {
        for (ok, strength) in [
            ("811228-9874", 0.9),    // Sweden
            ("19811228-9874", 0.9),  // Sweden, with the century
            ("131052-308T", 0.95),   // Finland
            ("AB 12 34 56 C", 0.85), // UK
            ("JG123456C", 0.85),
            ("123-45-6789", 0.8),  // USA
            ("010203-1235", 0.55), // Denmark: a date and four digits
        ] {
            assert_eq!(foreign_national_id(ok), Some(strength), "{ok}");
        }
        for bad in [
            "811228-9875", // Luhn
            "131052-308U", // check character
            "000-12-3456",
            "666-12-3456",
            "123-00-4567",
            "BG 12 34 56 C",
            "AB 12 34 56 E",
            "321399-1234", // no such date either way
            "2024-01-15",
        ] {
            assert_eq!(foreign_national_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn organisation_and_bank_account_numbers() {
        assert!(is_org_number(b"812664522"));
        assert!(is_org_number(b"923609016"));
        assert!(!is_org_number(b"812664523"));
        assert!(!is_org_number(b"112664522"), "must start with 8 or 9");
        assert!(vat_org_number("NO 839 920 601 MVA"));
        assert!(vat_org_number("NO839920601MVA"));
        assert!(!vat_org_number("NO 839 920 602 MVA"));
        assert!(!vat_org_number("NO 839 920 6011 MVA"));
        assert!(is_bank_account(b"86011117947"));
        assert!(!is_bank_account(b"86011117948"));
        assert!(!is_bank_account(b"00000000000"));
    }

    #[test]
    fn imeis_by_luhn() {
        assert!(is_imei(b"490154203237518"));
        assert!(is_imei(b"356938035643809"));
        assert!(!is_imei(b"490154203237519"));
        assert!(
            !is_imei(b"378282246310005"),
            "an Amex number is not an IMEI"
        );
        assert!(!is_imei(b"49015420323751"), "14 digits");
    }
}
