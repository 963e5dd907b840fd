//! Check-digit algorithms used by the numeric detectors.

/// Luhn (mod 10) over ASCII digits. Cards and IMEIs use it.
pub fn luhn(digits: &[u8]) -> bool {
    if digits.len() < 2 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let n = u32::from(d - b'0');
            if i % 2 == 1 {
                let doubled = n * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                n
            }
        })
        .sum();
    sum % 10 == 0
}

/// The mod-11 check digit for `digits` with `weights`, as used by Norwegian numbers:
/// `None` when the remainder makes the number invalid (check digit would be 10).
pub fn mod11_check(digits: &[u8], weights: &[u32]) -> Option<u8> {
    debug_assert_eq!(digits.len(), weights.len());
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        k => Some(k as u8),
    }
}

/// ISO 13616 mod-97 check for an IBAN written without spaces.
pub fn iban_mod97(iban: &str) -> bool {
    if iban.len() < 5 || !iban.is_ascii() {
        return false;
    }
    let (head, tail) = iban.split_at(4);
    let mut remainder: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let value = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        let width = if value >= 10 { 100 } else { 10 };
        remainder = (remainder * width + value) % 97;
    }
    remainder == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_valid_and_rejects_altered_numbers() {
        assert!(luhn(b"4111111111111111"));
        assert!(luhn(b"490154203237518"));
        assert!(!luhn(b"4111111111111112"));
        assert!(!luhn(b"41111111a1111111"));
        assert!(!luhn(b"0"));
    }

    #[test]
    fn mod11_computes_norwegian_check_digits() {
        // Organisation number 812 664 522 (weights 3 2 7 6 5 4 3 2).
        assert_eq!(mod11_check(b"81266452", &[3, 2, 7, 6, 5, 4, 3, 2]), Some(2));
        assert_ne!(mod11_check(b"81266453", &[3, 2, 7, 6, 5, 4, 3, 2]), Some(2));
    }

    #[test]
    fn iban_checksum() {
        assert!(iban_mod97("NO9386011117947"));
        assert!(iban_mod97("GB82WEST12345698765432"));
        assert!(!iban_mod97("NO9386011117948"));
        assert!(!iban_mod97("GB82WEST1234569876543!"));
    }
}
