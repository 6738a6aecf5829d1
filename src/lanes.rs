//! Bytes eight at a time in a `u64` (SWAR): what the text scanners share,
//! so that each tests a whole lane of ASCII at once.

/// The high bit of each byte: set in a lane only by bytes that are not ASCII.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// The lane whose eight bytes are all `b`.
pub const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The high bit of each byte of `lane` (eight ASCII bytes) in `lo..=hi`.
/// No sum carries into the next byte, as every byte is below 0x80.
pub const fn in_range(lane: u64, lo: u8, hi: u8) -> u64 {
    let from_lo = lane + splat(0x80 - lo);
    let past_hi = lane + splat(0x7F - hi);
    from_lo & !past_hi & HIGH
}

/// The high bit of each byte of `lane` (eight ASCII bytes) that is `b`.
pub const fn equal(lane: u64, b: u8) -> u64 {
    // Only a zero byte stays below 0x80 when 0x7F is added.
    !((lane ^ splat(b)) + splat(0x7F)) & HIGH
}

/// The high bit of each byte of `lane` (eight ASCII bytes) that is a letter
/// or a digit.
pub const fn alphanumeric(lane: u64) -> u64 {
    // Setting 0x20 makes capitals small and maps no other byte into a..=z.
    in_range(lane | splat(0x20), b'a', b'z') | in_range(lane, b'0', b'9')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `test` on each ASCII byte at each place of a lane of dots, against
    /// `expected` on the byte alone.
    fn holds(test: impl Fn(u64) -> u64, expected: impl Fn(u8) -> bool) {
        for b in 0..0x80u8 {
            for place in 0..8 {
                let mut bytes = *b"........";
                bytes[place] = b;
                let dot = u64::from(expected(b'.')) * HIGH;
                let at = 0x80 << (place * 8);
                let want = (dot & !at) | (u64::from(expected(b)) * at);
                assert_eq!(test(u64::from_le_bytes(bytes)), want, "{b:#04x} at {place}");
            }
        }
    }

    #[test]
    fn lanes_are_tested_as_each_byte_alone() {
        holds(alphanumeric, |b| b.is_ascii_alphanumeric());
        holds(|lane| equal(lane, b'-'), |b| b == b'-');
        holds(
            |lane| in_range(lane, b'\t', b'\r'),
            |b| (b'\t'..=b'\r').contains(&b),
        );
    }
}
